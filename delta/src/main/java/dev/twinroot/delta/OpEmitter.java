package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaWriter;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * The generator's output side: keeps the last COPY or ZERO open so that adjacent extents coalesce into one
 * operation, hashes a COPY's bytes as they arrive, and tallies what it writes.
 */
final class OpEmitter {

    private enum Pending { NONE, COPY, ZERO }

    private final DeltaWriter writer;
    private final DeltaInfo.Tally tally;
    private final MessageDigest copyHash = Sha256.newDigest();
    private Pending pending = Pending.NONE;
    private long pendingSource;
    private long pendingLength;

    OpEmitter(DeltaWriter writer, DeltaInfo.Tally tally) {
        this.writer = writer;
        this.tally = tally;
    }

    void zero(long length) throws IOException {
        if (pending != Pending.ZERO) {
            flush();
            pending = Pending.ZERO;
        }
        pendingLength += length;
    }

    /** Target bytes {@code b[off, off+len)} equal source bytes at {@code source}: the caller compared them. */
    void copy(long source, byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (pending != Pending.COPY || pendingSource + pendingLength != source) {
            flush();
            pending = Pending.COPY;
            pendingSource = source;
        }
        pendingLength += len;
        copyHash.update(b, off, len);
    }

    /** Where the open COPY ends in the source: where the next target bytes sit if nothing changed. */
    OptionalLong openCopyEnd() {
        return pending == Pending.COPY ? OptionalLong.of(pendingSource + pendingLength) : OptionalLong.empty();
    }

    void op(DeltaOp op) throws IOException {
        flush();
        write(op);
    }

    void finish() throws IOException {
        flush();
        writer.finish();
    }

    private void flush() throws IOException {
        if (pending == Pending.COPY) {
            write(new DeltaOp.Copy(pendingSource, pendingLength, copyHash.digest()));
        } else if (pending == Pending.ZERO) {
            write(new DeltaOp.Zero(pendingLength));
        }
        pending = Pending.NONE;
        pendingLength = 0;
    }

    private void write(DeltaOp op) throws IOException {
        tally.add(op, writer.write(op));
    }
}
