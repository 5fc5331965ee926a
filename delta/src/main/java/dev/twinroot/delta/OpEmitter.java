package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.OptionalLong;

/**
 * The generator's output side: keeps the last COPY or ZERO open so that adjacent extents coalesce into one
 * operation, hashes a COPY's bytes as they arrive, and tallies what it writes.
 *
 * <p>A short run of zeros after a copy is held back: if the copy then continues past it and the source holds
 * zeros there too, the run joins the copy. Images interleave data and zero blocks everywhere, and without
 * this every such gap would cost a ZERO and a new COPY (about 20 bytes), which dominates small deltas.
 *
 * <p>Copies separated only by zeros form a chain: every copy but the last is written as a COPY_PART without a
 * hash, and the last one's hash covers them all (up to {@link #MAX_CHAIN} bytes). A sparse image with data
 * scattered between long holes then pays one hash per chain instead of one per data extent.
 */
final class OpEmitter {

    private enum Pending { NONE, COPY, ZERO }

    private final DeltaWriter writer;
    private final DeltaInfo.Tally tally;
    private final MessageDigest copyHash = Sha256.newDigest();
    private Pending pending = Pending.NONE;
    private long pendingSource;
    private long pendingLength;
    private long heldZeros;
    /** A finished copy whose form depends on what follows: COPY_PART if another copy, else COPY. */
    private DeltaOp.Copy waitingCopy;
    /** Zeros after {@link #waitingCopy}: its zero tail. */
    private long waitingZeros;
    /** Whether {@link #waitingCopy} ends a full chain (its hash already taken, the digest reset). */
    private boolean waitingCloses;
    private long chainBytes;

    /** Bytes one hash may cover: an applier checkpoints only between chains. */
    static final long MAX_CHAIN = 64L << 20;

    /** Longest zero run a copy bridges; longer runs stay ZERO so that the applier can skip them. */
    static final long MAX_BRIDGE = 1 << 20;
    private static final byte[] ZEROS = new byte[64 << 10];
    private final FileChannel source;
    private final byte[] check = new byte[ZEROS.length];

    OpEmitter(DeltaWriter writer, DeltaInfo.Tally tally, FileChannel source) {
        this.writer = writer;
        this.tally = tally;
        this.source = source;
    }

    void zero(long length) throws IOException {
        if (pending == Pending.COPY && heldZeros + length <= MAX_BRIDGE) {
            heldZeros += length;
            return;
        }
        if (pending == Pending.COPY) {
            long run = heldZeros + length;
            heldZeros = 0;
            flush();
            pending = Pending.ZERO;
            pendingLength = run;
            return;
        }
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
        if (heldZeros > 0 && pendingSource + pendingLength + heldZeros == source
                && sourceZero(pendingSource + pendingLength, heldZeros)) {
            for (long done = 0; done < heldZeros; done += ZEROS.length) {
                copyHash.update(ZEROS, 0, (int) Math.min(ZEROS.length, heldZeros - done));
            }
            pendingLength += heldZeros;
            heldZeros = 0;
        }
        if (pending != Pending.COPY || heldZeros > 0 || pendingSource + pendingLength != source) {
            flush();
            pending = Pending.COPY;
            pendingSource = source;
        }
        pendingLength += len;
        copyHash.update(b, off, len);
    }

    /** Where the open COPY ends in the source: where the next target bytes sit if nothing changed. */
    OptionalLong openCopyEnd() {
        return pending == Pending.COPY ? OptionalLong.of(pendingSource + pendingLength + heldZeros)
                : OptionalLong.empty();
    }

    void op(DeltaOp op) throws IOException {
        flush();
        emit(op);
    }

    void finish() throws IOException {
        flush();
        releaseWaiting();
        writer.finish();
    }

    private void flush() throws IOException {
        if (pending == Pending.COPY) {
            // The hash so far covers the chain up to here; the digest keeps running in case the chain goes on.
            emit(new DeltaOp.Copy(pendingSource, pendingLength, runningHash()));
        } else if (pending == Pending.ZERO) {
            emit(new DeltaOp.Zero(pendingLength));
        }
        pending = Pending.NONE;
        pendingLength = 0;
        if (heldZeros > 0) {
            long z = heldZeros;
            heldZeros = 0;
            emit(new DeltaOp.Zero(z));
        }
    }

    /**
     * Writes ops in order, deciding for each finished copy whether it closes its chain. The zeros that follow a
     * copy become its zero tail: in a sparse image, one operation per data extent instead of two.
     */
    private void emit(DeltaOp op) throws IOException {
        if (op instanceof DeltaOp.Copy c) {
            if (waitingCopy != null && waitingCloses) {
                releaseWaiting();
            } else if (waitingCopy != null) {
                write(new DeltaOp.CopyPart(waitingCopy.sourceOffset(), waitingCopy.length(), waitingZeros));
                waitingZeros = 0;
            }
            chainBytes += c.length();
            waitingCopy = c;
            // c's hash covers its whole chain, and no later copy byte is hashed yet: a full chain ends with c.
            waitingCloses = chainBytes >= MAX_CHAIN;
            if (waitingCloses) {
                endChain();
            }
        } else if (op instanceof DeltaOp.Zero z && waitingCopy != null) {
            waitingZeros += z.length();
        } else {
            releaseWaiting();
            write(op);
        }
    }

    private void releaseWaiting() throws IOException {
        if (waitingCopy != null) {
            write(new DeltaOp.Copy(waitingCopy.sourceOffset(), waitingCopy.length(), waitingZeros,
                    waitingCopy.hash()));
            waitingCopy = null;
            waitingZeros = 0;
            if (!waitingCloses) {
                endChain();
            }
            waitingCloses = false;
        }
    }

    private void endChain() {
        copyHash.reset();
        chainBytes = 0;
    }

    private byte[] runningHash() {
        try {
            return ((MessageDigest) copyHash.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    private boolean sourceZero(long at, long length) throws IOException {
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(check.length, length - done);
            ChannelIo.readFully(source, at + done, check, 0, n);
            if (java.util.Arrays.mismatch(check, 0, n, ZEROS, 0, n) >= 0) {
                return false;
            }
            done += n;
        }
        return true;
    }

    private void write(DeltaOp op) throws IOException {
        tally.add(op, writer.write(op));
    }
}
