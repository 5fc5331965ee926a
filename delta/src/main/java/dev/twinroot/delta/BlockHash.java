package dev.twinroot.delta;

/**
 * A 64-bit polynomial hash of a block (Rabin-Karp, arithmetic modulo 2^64), for finding candidate matches only:
 * matches are confirmed byte by byte. Polynomial so that it rolls: the hash of the block one byte further on
 * follows from the previous one in a few operations, which lets the generator look every byte offset of a
 * changed target region up in the index of aligned source blocks (data that moved by a non-multiple of the block
 * size, as in squashfs, where compressed blocks are packed back to back).
 */
final class BlockHash {

    private static final long BASE = 0x9E3779B97F4A7C15L | 1;

    private BlockHash() {
    }

    static long of(byte[] b, int off, int len) {
        long h = 0;
        int i = off;
        int end = off + len;
        long b4 = BASE * BASE * BASE * BASE;
        long b3 = BASE * BASE * BASE;
        long b2 = BASE * BASE;
        for (; i + 4 <= end; i += 4) {
            h = h * b4 + (b[i] & 0xFFL) * b3 + (b[i + 1] & 0xFFL) * b2 + (b[i + 2] & 0xFFL) * BASE + (b[i + 3] & 0xFFL);
        }
        for (; i < end; i++) {
            h = h * BASE + (b[i] & 0xFFL);
        }
        return h;
    }

    /** The factor {@link #roll} needs for blocks of {@code len} bytes. */
    static long outFactor(int len) {
        long r = 1;
        for (int i = 0; i < len; i++) {
            r *= BASE;
        }
        return r;
    }

    /** The hash of the block one byte on: {@code out} leaves it, {@code in} enters. */
    static long roll(long h, byte out, byte in, long outFactor) {
        return h * BASE + (in & 0xFFL) - (out & 0xFFL) * outFactor;
    }
}
