package dev.twinroot.delta.format;

import java.util.HexFormat;

/**
 * The fixed header of a delta: which source it applies to and which target it rebuilds, by size and SHA-256.
 * Arrays are copied in and out, so a header is immutable.
 */
public record DeltaHeader(int version, int opHashLength, int blockSize, long sourceSize, byte[] sourceSha256,
                          long targetSize, byte[] targetSha256) {

    public DeltaHeader {
        if (opHashLength < DeltaConstants.MIN_OP_HASH_LENGTH || opHashLength > DeltaConstants.SHA256_LENGTH) {
            throw new IllegalArgumentException("op hash length must be 8..32, found " + opHashLength);
        }
        if (Integer.bitCount(blockSize) != 1 || blockSize < DeltaConstants.MIN_BLOCK_SIZE
                || blockSize > DeltaConstants.MAX_BLOCK_SIZE) {
            throw new IllegalArgumentException("block size must be a power of two in 512..16 MiB, found " + blockSize);
        }
        if (version != DeltaConstants.VERSION && version != DeltaConstants.VERSION_2) {
            throw new IllegalArgumentException("delta version must be 2 or 3, found " + version);
        }
        if (sourceSize < 0 || targetSize < 0) {
            throw new IllegalArgumentException("sizes must not be negative");
        }
        if (sourceSha256.length != DeltaConstants.SHA256_LENGTH || targetSha256.length != DeltaConstants.SHA256_LENGTH) {
            throw new IllegalArgumentException("SHA-256 values are 32 bytes");
        }
        sourceSha256 = sourceSha256.clone();
        targetSha256 = targetSha256.clone();
    }

    /** A header of the current version ({@link DeltaConstants#VERSION}). */
    public static DeltaHeader of(int blockSize, long sourceSize, byte[] sourceSha256, long targetSize,
                                 byte[] targetSha256) {
        return of(DeltaConstants.VERSION, blockSize, sourceSize, sourceSha256, targetSize, targetSha256);
    }

    public static DeltaHeader of(int version, int blockSize, long sourceSize, byte[] sourceSha256, long targetSize,
                                 byte[] targetSha256) {
        return new DeltaHeader(version, DeltaConstants.DEFAULT_OP_HASH_LENGTH, blockSize, sourceSize, sourceSha256,
                targetSize, targetSha256);
    }

    /** Whether operations of version 3 (SPLICE) may appear. */
    public boolean allowsSplice() {
        return version >= DeltaConstants.VERSION;
    }

    @Override
    public byte[] sourceSha256() {
        return sourceSha256.clone();
    }

    @Override
    public byte[] targetSha256() {
        return targetSha256.clone();
    }

    public String sourceSha256Hex() {
        return HexFormat.of().formatHex(sourceSha256);
    }

    public String targetSha256Hex() {
        return HexFormat.of().formatHex(targetSha256);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeltaHeader h && h.version == version && h.opHashLength == opHashLength
                && h.blockSize == blockSize && h.sourceSize == sourceSize && h.targetSize == targetSize
                && java.util.Arrays.equals(h.sourceSha256, sourceSha256)
                && java.util.Arrays.equals(h.targetSha256, targetSha256);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(version, blockSize, sourceSize, targetSize,
                java.util.Arrays.hashCode(targetSha256));
    }

    @Override
    public String toString() {
        return "DeltaHeader[v" + version + ", block " + blockSize + ", source " + sourceSize + " B "
                + sourceSha256Hex() + ", target " + targetSize + " B " + targetSha256Hex() + "]";
    }
}
