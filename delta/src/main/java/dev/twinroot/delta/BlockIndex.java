package dev.twinroot.delta;

/**
 * Source blocks by content hash: an open-addressing table from a 64-bit block hash to the first source block
 * with that hash. Two primitive arrays, about 24 bytes per source block, whatever the block size: an 8 GiB
 * source in 4 KiB blocks costs 48 MiB. A hit is only a candidate; the caller compares the bytes.
 */
final class BlockIndex {

    private static final long EMPTY = 0;
    private final long[] keys;
    private final int[] blocks;
    private final int mask;

    BlockIndex(long maxBlocks) {
        long capacity = Long.highestOneBit(Math.max(16, maxBlocks * 2 - 1)) << 1;
        if (capacity > 1 << 30) {
            throw new IllegalArgumentException("source has too many blocks to index: " + maxBlocks);
        }
        keys = new long[(int) capacity];
        blocks = new int[(int) capacity];
        mask = (int) capacity - 1;
    }

    /** Remembers {@code block} under {@code hash} unless an earlier block already has that hash. */
    void putIfAbsent(long hash, int block) {
        long key = hash == EMPTY ? 1 : hash;
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        blocks[slot] = block;
    }

    /** The block stored under {@code hash}, or -1. */
    int get(long hash) {
        long key = hash == EMPTY ? 1 : hash;
        int slot = slot(key);
        while (keys[slot] != EMPTY) {
            if (keys[slot] == key) {
                return blocks[slot];
            }
            slot = (slot + 1) & mask;
        }
        return -1;
    }

    private int slot(long key) {
        return (int) (mix(key) & mask);
    }

    private static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xff51afd7ed558ccdL;
        x ^= x >>> 33;
        return x;
    }
}
