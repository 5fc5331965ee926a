package dev.twinroot.image.flash;

import java.util.Arrays;

/**
 * A CRC32C per written chunk, so a failed read-back can say which chunk differs (the verdict itself is the
 * SHA-256 of the whole). Four bytes per 4 MiB chunk: 4 KiB for a 4 GiB card.
 */
final class ChunkChecksums {

    private int[] crcs = new int[256];
    private int count;

    void add(int crc) {
        if (count == crcs.length) {
            crcs = Arrays.copyOf(crcs, Math.multiplyExact(crcs.length, 2));
        }
        crcs[count++] = crc;
    }

    int count() {
        return count;
    }

    int get(int chunk) {
        if (chunk < 0 || chunk >= count) {
            throw new IndexOutOfBoundsException("chunk " + chunk + " of " + count);
        }
        return crcs[chunk];
    }
}
