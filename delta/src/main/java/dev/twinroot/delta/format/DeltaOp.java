package dev.twinroot.delta.format;

/**
 * One operation. Operations rebuild the target in order: each one produces the next {@link #targetLength()}
 * bytes, so no operation names a target offset. Hashes are SHA-256 truncated to the header's op hash length.
 * Payload arrays are shared, not copied: an operation is a short-lived value between reader and applier.
 */
public sealed interface DeltaOp {

    /** Bytes of target this operation produces. */
    long targetLength();

    /**
     * The target bytes equal source bytes [sourceOffset, sourceOffset + length), then {@code zerosAfter} zero
     * bytes follow; hash covers the source bytes (not the zeros, whose content is implied).
     */
    record Copy(long sourceOffset, long length, long zerosAfter, byte[] hash) implements DeltaOp {
        public Copy(long sourceOffset, long length, byte[] hash) {
            this(sourceOffset, length, 0, hash);
        }

        @Override
        public long targetLength() {
            return Math.addExact(length, zerosAfter);
        }
    }

    /**
     * Like {@link Copy}, without a hash of its own: its source bytes are covered by the hash of the next
     * {@link Copy}, which closes the chain. Only ZERO and COPY_PART operations may come between. Like a COPY,
     * it may end in {@code zerosAfter} zero bytes: in a sparse image nearly every part is followed by a hole.
     */
    record CopyPart(long sourceOffset, long length, long zerosAfter) implements DeltaOp {
        public CopyPart(long sourceOffset, long length) {
            this(sourceOffset, length, 0);
        }

        @Override
        public long targetLength() {
            return Math.addExact(length, zerosAfter);
        }
    }

    /** The target bytes are zeros. Nothing to verify per operation: the content is implied. */
    record Zero(long length) implements DeltaOp {
        @Override
        public long targetLength() {
            return length;
        }
    }

    /** New bytes, stored with {@code codec}; the hash covers the decoded target bytes. */
    record Data(Codec codec, int length, byte[] targetHash, byte[] payload) implements DeltaOp {
        @Override
        public long targetLength() {
            return length;
        }
    }

    /** A bsdiff patch (BSDIFF40 layout, blocks bzip2 or xz) of source extent [sourceOffset, +sourceLength). */
    record BsDiff(long sourceOffset, int sourceLength, int length, byte[] sourceHash, byte[] targetHash,
                  byte[] payload) implements DeltaOp {
        @Override
        public long targetLength() {
            return length;
        }
    }

    /**
     * Version 3: target bytes spliced from literals and copies of source extents, as an instruction stream
     * ({@code dev.twinroot.delta.SplicePatch} describes it) of {@code streamLength} bytes stored with
     * {@code codec}. The hash covers the target bytes, so every copied source byte is verified with them.
     */
    record Splice(Codec codec, int length, int streamLength, byte[] targetHash, byte[] payload) implements DeltaOp {
        @Override
        public long targetLength() {
            return length;
        }
    }
}
