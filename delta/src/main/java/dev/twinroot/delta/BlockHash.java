package dev.twinroot.delta;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** A fast 64-bit hash of a block, for finding candidate matches only: matches are confirmed byte by byte. */
final class BlockHash {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B97F4A7C15L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;

    private BlockHash() {
    }

    static long of(byte[] b, int off, int len) {
        long h = P2 ^ len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * P1), 31) * P2;
        }
        for (; i < end; i++) {
            h = Long.rotateLeft(h ^ ((b[i] & 0xFFL) * P1), 11) * P2;
        }
        h ^= h >>> 29;
        h *= P1;
        return h ^ (h >>> 32);
    }
}
