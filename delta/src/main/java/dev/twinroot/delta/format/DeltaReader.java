package dev.twinroot.delta.format;

import static dev.twinroot.delta.format.DeltaConstants.*;

import dev.twinroot.delta.DeltaFormatException;
import dev.twinroot.delta.DeltaLimitException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads a delta as a stream: the header, then one operation at a time. Every length is checked against what the
 * header allows and against {@link DeltaConstants#MAX_OP_BUFFER} before anything is allocated; every extent is
 * checked against the source and target sizes. Reaching END checks the operation count, that the operations
 * cover the target exactly, and that nothing follows. Hashes are the applier's business.
 */
public final class DeltaReader {

    private final InputStream in;
    private DeltaHeader header;
    private long offset;
    private long opIndex;
    private long produced;
    private boolean ended;
    private long chainStart = -1;

    public DeltaReader(InputStream in) {
        this.in = in;
    }

    public DeltaHeader readHeader() throws IOException {
        if (header != null) {
            throw new IllegalStateException("header already read");
        }
        byte[] bytes = in.readNBytes(HEADER_LENGTH);
        offset += bytes.length;
        try {
            header = HeaderCodec.decode(bytes);
        } catch (DeltaFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DeltaFormatException("bad delta header: " + e.getMessage(), e);
        }
        return header;
    }

    /**
     * Continues after a checkpoint: skips the delta bytes up to {@code deltaOffset}, which must be the start of
     * operation {@code index}, and trusts that the operations before it produced {@code targetOffset} bytes.
     */
    public void resumeAt(long deltaOffset, long index, long targetOffset) throws IOException {
        requireHeader();
        if (deltaOffset < offset || index < 0 || targetOffset < 0 || targetOffset > header.targetSize()) {
            throw new IllegalArgumentException("bad resume position");
        }
        long toSkip = deltaOffset - offset;
        try {
            in.skipNBytes(toSkip);
        } catch (java.io.EOFException e) {
            throw new DeltaFormatException("truncated delta: the checkpoint resumes at offset " + deltaOffset
                    + ", beyond the end of the delta", e);
        }
        offset += toSkip;
        opIndex = index;
        produced = targetOffset;
    }

    /** The next operation, or empty after a valid END. */
    public Optional<DeltaOp> next() throws IOException {
        requireHeader();
        if (ended) {
            return Optional.empty();
        }
        long opStart = offset;
        int kindByte = readByte("operation kind");
        int kind = kindByte & ~FLAG_IN_PLACE;
        boolean inPlace = (kindByte & FLAG_IN_PLACE) != 0;
        if (inPlace && kind != KIND_COPY && kind != KIND_COPY_PART) {
            throw new DeltaFormatException("bad delta: operation kind byte " + kindByte + " at offset " + opStart
                    + " (operation #" + opIndex + ") sets the in-place flag on a kind other than COPY or COPY_PART");
        }
        if (chainStart >= 0 && (kind == KIND_END || kind == KIND_DATA || kind == KIND_BSDIFF
                || kind == KIND_SPLICE)) {
            throw new DeltaFormatException("bad delta: the COPY_PART chain opened by operation #" + chainStart
                    + " is not closed by a COPY before operation #" + opIndex + " at offset " + opStart);
        }
        DeltaOp op;
        try {
            op = switch (kind) {
                case KIND_END -> null;
                case KIND_COPY -> readCopy(inPlace);
                case KIND_COPY_PART -> readCopyPart(inPlace);
                case KIND_ZERO -> new DeltaOp.Zero(positive(sized("ZERO length"), "ZERO length"));
                case KIND_DATA -> readData();
                case KIND_BSDIFF -> readBsDiff();
                case KIND_SPLICE -> readSplice(opStart);
                default -> throw new DeltaFormatException("bad delta: unknown operation kind " + kind + " at offset "
                        + opStart + " (operation #" + opIndex + ")");
            };
        } catch (ArithmeticException e) {
            throw new DeltaFormatException("bad delta: operation #" + opIndex + " at offset " + opStart
                    + " has an extent that overflows", e);
        }
        if (op == null) {
            finishEnd(opStart);
            return Optional.empty();
        }
        long end = Math.addExact(produced, op.targetLength());
        if (end > header.targetSize()) {
            throw new DeltaFormatException("bad delta: operation #" + opIndex + " at offset " + opStart
                    + " writes target bytes up to " + end + ", beyond the target size " + header.targetSize());
        }
        produced = end;
        if (op instanceof DeltaOp.CopyPart && chainStart < 0) {
            chainStart = opIndex;
        } else if (op instanceof DeltaOp.Copy) {
            chainStart = -1;
        }
        opIndex++;
        return Optional.of(op);
    }

    public DeltaHeader header() {
        return requireHeader();
    }

    /** Delta bytes consumed so far: after {@link #next()}, the offset of the following operation. */
    public long offset() {
        return offset;
    }

    /** Index of the next operation. */
    public long opIndex() {
        return opIndex;
    }

    /** Target bytes the operations read so far produce. */
    public long targetOffset() {
        return produced;
    }

    private DeltaOp.Copy readCopy(boolean inPlace) throws IOException {
        long src = inPlace ? produced : sized("COPY source offset");
        long len = positive(sized("COPY length"), "COPY length");
        long zeros = sized("COPY zeros after");
        sourceExtent(src, len, "COPY");
        return new DeltaOp.Copy(src, len, zeros, hash("COPY hash"));
    }

    private DeltaOp.CopyPart readCopyPart(boolean inPlace) throws IOException {
        long src = inPlace ? produced : sized("COPY_PART source offset");
        long len = positive(sized("COPY_PART length"), "COPY_PART length");
        long zeros = sized("COPY_PART zeros after");
        sourceExtent(src, len, "COPY_PART");
        return new DeltaOp.CopyPart(src, len, zeros);
    }

    /** Whether a COPY_PART chain is open: its hash is still to come, so its bytes are not verified yet. */
    public boolean inCopyChain() {
        return chainStart >= 0;
    }

    private DeltaOp.Data readData() throws IOException {
        int codecId = readByte("DATA codec");
        Codec codec = Codec.byId(codecId).orElseThrow(() -> new DeltaFormatException(
                "bad delta: operation #" + opIndex + " DATA has unknown codec " + codecId));
        int len = capped(positive(varint("DATA length"), "DATA length"), "DATA length");
        // A raw payload is the bytes themselves: its length is not written twice.
        int payloadLength = codec == Codec.RAW ? len
                : capped(positive(varint("DATA payload length"), "DATA payload length"), "DATA payload length");
        byte[] hash = hash("DATA hash");
        return new DeltaOp.Data(codec, len, hash, payload(payloadLength, "DATA payload"));
    }

    private DeltaOp.Splice readSplice(long opStart) throws IOException {
        if (!header.allowsSplice()) {
            throw new DeltaFormatException("bad delta: operation kind " + KIND_SPLICE + " (SPLICE) at offset " + opStart
                    + " (operation #" + opIndex + ") needs delta version 3, the header says " + header.version());
        }
        int codecId = readByte("SPLICE codec");
        Codec codec = Codec.byId(codecId).orElseThrow(() -> new DeltaFormatException(
                "bad delta: operation #" + opIndex + " SPLICE has unknown codec " + codecId));
        int len = capped(positive(varint("SPLICE length"), "SPLICE length"), "SPLICE length");
        int streamLength = capped(positive(varint("SPLICE stream length"), "SPLICE stream length"),
                "SPLICE stream length");
        int payloadLength = codec == Codec.RAW ? streamLength
                : capped(positive(varint("SPLICE payload length"), "SPLICE payload length"), "SPLICE payload length");
        byte[] hash = hash("SPLICE hash");
        return new DeltaOp.Splice(codec, len, streamLength, hash, payload(payloadLength, "SPLICE payload"));
    }

    private DeltaOp.BsDiff readBsDiff() throws IOException {
        long src = varint("BSDIFF source offset");
        int srcLen = capped(positive(varint("BSDIFF source length"), "BSDIFF source length"),
                "BSDIFF source length");
        sourceExtent(src, srcLen, "BSDIFF");
        int len = capped(positive(varint("BSDIFF length"), "BSDIFF length"), "BSDIFF length");
        int payloadLength = capped(positive(varint("BSDIFF payload length"), "BSDIFF payload length"),
                "BSDIFF payload length");
        byte[] sourceHash = hash("BSDIFF source hash");
        byte[] targetHash = hash("BSDIFF target hash");
        return new DeltaOp.BsDiff(src, srcLen, len, sourceHash, targetHash, payload(payloadLength, "BSDIFF payload"));
    }

    private void finishEnd(long opStart) throws IOException {
        long count = varint("END operation count");
        if (count != opIndex) {
            throw new DeltaFormatException("bad delta: END at offset " + opStart + " counts " + count
                    + " operations, " + opIndex + " were read");
        }
        if (produced != header.targetSize()) {
            throw new DeltaFormatException("bad delta: operations produce " + produced
                    + " target bytes, the header says " + header.targetSize());
        }
        if (in.read() >= 0) {
            throw new DeltaFormatException("bad delta: bytes follow END at offset " + offset);
        }
        ended = true;
    }

    private void sourceExtent(long src, long len, String what) throws DeltaFormatException {
        if (Math.addExact(src, len) > header.sourceSize()) {
            throw new DeltaFormatException("bad delta: operation #" + opIndex + " " + what + " reads source ["
                    + src + ", " + (src + len) + "), beyond the source size " + header.sourceSize());
        }
    }

    private long positive(long v, String field) throws DeltaFormatException {
        if (v <= 0) {
            throw new DeltaFormatException("bad delta: operation #" + opIndex + " " + field + " is 0");
        }
        return v;
    }

    private int capped(long v, String field) throws DeltaLimitException {
        if (v > MAX_OP_BUFFER) {
            throw new DeltaLimitException("delta operation #" + opIndex + " " + field + " is " + v
                    + " bytes, the limit is " + MAX_OP_BUFFER);
        }
        return (int) v;
    }

    private byte[] hash(String field) throws IOException {
        return payload(header.opHashLength(), field);
    }

    private byte[] payload(int length, String field) throws IOException {
        byte[] b = in.readNBytes(length);
        offset += b.length;
        if (b.length != length) {
            throw new DeltaFormatException("truncated delta: operation #" + opIndex + " " + field + " needs "
                    + length + " bytes, " + b.length + " remain");
        }
        return b;
    }

    private long sized(String field) throws IOException {
        CountingByte counted = new CountingByte();
        long v = Varint.readSized(counted, field, offset);
        offset += counted.count;
        return v;
    }

    private long varint(String field) throws IOException {
        CountingByte counted = new CountingByte();
        long v = Varint.read(counted, field, offset);
        offset += counted.count;
        return v;
    }

    private int readByte(String field) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new DeltaFormatException("truncated delta: " + field + " at offset " + offset + " (operation #"
                    + opIndex + ") is missing");
        }
        offset++;
        return b;
    }

    private DeltaHeader requireHeader() {
        if (header == null) {
            throw new IllegalStateException("read the header first");
        }
        return header;
    }

    /** Counts the bytes a varint takes while reading it from the underlying stream. */
    private final class CountingByte extends InputStream {
        int count;

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }
    }
}
