package dev.twinroot.delta.format;

import static dev.twinroot.delta.format.DeltaConstants.*;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a delta: the header, then operations in target order, then END. Checks what it writes against the
 * limits a reader enforces, so a writer bug shows here and not on a device.
 */
public final class DeltaWriter {

    private final OutputStream out;
    private final DeltaHeader header;
    private long written;
    private long ops;
    private long produced;

    public DeltaWriter(OutputStream out, DeltaHeader header) throws IOException {
        this.out = out;
        this.header = header;
        byte[] h = HeaderCodec.encode(header);
        out.write(h);
        written = h.length;
    }

    /** Writes one operation and returns the number of bytes it took. */
    public int write(DeltaOp op) throws IOException {
        long before = written;
        produced = Math.addExact(produced, op.targetLength());
        if (op.targetLength() <= 0 || produced > header.targetSize()) {
            throw new IllegalArgumentException("operation of " + op.targetLength() + " bytes overruns the target");
        }
        long at = produced - op.targetLength();
        if (op instanceof DeltaOp.Copy c) {
            copy(KIND_COPY, at, c.sourceOffset(), c.length(), c.zerosAfter());
            hash(c.hash());
        } else if (op instanceof DeltaOp.CopyPart c) {
            copy(KIND_COPY_PART, at, c.sourceOffset(), c.length(), c.zerosAfter());
        } else if (op instanceof DeltaOp.Zero z) {
            kind(KIND_ZERO);
            sized(z.length());
        } else if (op instanceof DeltaOp.Data d) {
            check(d.length() <= MAX_OP_BUFFER && d.payload().length <= MAX_OP_BUFFER, "DATA too large");
            check(d.codec() != Codec.RAW || d.payload().length == d.length(), "raw DATA payload is not its length");
            kind(KIND_DATA);
            kind(d.codec().id());
            varint(d.length());
            if (d.codec() != Codec.RAW) {
                varint(d.payload().length);
            }
            hash(d.targetHash());
            bytes(d.payload());
        } else if (op instanceof DeltaOp.Splice sp) {
            check(header.allowsSplice(), "SPLICE needs delta version 3, the header says " + header.version());
            check(sp.length() <= MAX_OP_BUFFER && sp.streamLength() <= MAX_OP_BUFFER
                    && sp.payload().length <= MAX_OP_BUFFER, "SPLICE too large");
            check(sp.codec() != Codec.RAW || sp.payload().length == sp.streamLength(),
                    "raw SPLICE payload is not its stream length");
            kind(KIND_SPLICE);
            kind(sp.codec().id());
            varint(sp.length());
            varint(sp.streamLength());
            if (sp.codec() != Codec.RAW) {
                varint(sp.payload().length);
            }
            hash(sp.targetHash());
            bytes(sp.payload());
        } else if (op instanceof DeltaOp.BsDiff p) {
            check(p.length() <= MAX_OP_BUFFER && p.sourceLength() <= MAX_OP_BUFFER
                    && p.payload().length <= MAX_OP_BUFFER, "BSDIFF too large");
            kind(KIND_BSDIFF);
            varint(p.sourceOffset());
            varint(p.sourceLength());
            varint(p.length());
            varint(p.payload().length);
            hash(p.sourceHash());
            hash(p.targetHash());
            bytes(p.payload());
        }
        ops++;
        return Math.toIntExact(written - before);
    }

    /** Writes END: the operation count, which lets a reader tell a complete delta from a cut one. */
    public void finish() throws IOException {
        if (produced != header.targetSize()) {
            throw new IllegalStateException("operations produce " + produced + " bytes, header says "
                    + header.targetSize());
        }
        kind(KIND_END);
        varint(ops);
        out.flush();
    }

    public long bytesWritten() {
        return written;
    }

    public long opCount() {
        return ops;
    }

    /** COPY and COPY_PART: an in-place copy (source offset = target offset {@code at}) omits its offset. */
    private void copy(int kind, long at, long sourceOffset, long length, long zerosAfter) throws IOException {
        check(length > 0 && zerosAfter >= 0, "copy of no bytes or negative zeros");
        boolean inPlace = sourceOffset == at;
        kind(kind | (inPlace ? FLAG_IN_PLACE : 0));
        if (!inPlace) {
            sized(sourceOffset);
        }
        sized(length);
        sized(zerosAfter);
    }

    private void sized(long v) throws IOException {
        written += Varint.writeSized(out, v);
    }

    private void kind(int k) throws IOException {
        out.write(k);
        written++;
    }

    private void varint(long v) throws IOException {
        written += Varint.write(out, v);
    }

    private void hash(byte[] h) throws IOException {
        check(h.length >= header.opHashLength(), "hash too short");
        out.write(h, 0, header.opHashLength());
        written += header.opHashLength();
    }

    private void bytes(byte[] b) throws IOException {
        out.write(b);
        written += b.length;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }
}
