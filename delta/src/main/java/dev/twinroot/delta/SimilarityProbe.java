package dev.twinroot.delta;

/**
 * Guesses, cheaply, whether a changed target region came from a given source region, before paying for a bsdiff
 * (whose suffix sort of an 8 MiB region takes seconds). Up to 256 short snippets of the target are looked up in
 * every byte offset of the source with a Rabin-Karp rolling hash, so a region that moved by any number of bytes
 * or was lightly edited is still recognised. Fresh data (new files, encrypted or compressed blobs) finds nothing.
 */
final class SimilarityProbe {

    private static final int WINDOW = 16;
    private static final int SNIPPETS = 256;
    private static final long BASE = 0x100000001B3L;
    private static final long BASE_POW = pow(BASE, WINDOW);

    private SimilarityProbe() {
    }

    /** The fraction (0..1) of target snippets found somewhere in the source. */
    static double sharedFraction(byte[] target, int off, int len, byte[] source) {
        if (len < WINDOW || source.length < WINDOW) {
            return 0;
        }
        int stride = Math.max(WINDOW, len / SNIPPETS);
        long[] table = new long[1024];
        boolean[] used = new boolean[1024];
        boolean[] found = new boolean[1024];
        int snippets = 0;
        for (int i = off; i + WINDOW <= off + len && snippets < SNIPPETS; i += stride) {
            long h = hash(target, i);
            int slot = slot(h);
            while (used[slot] && table[slot] != h) {
                slot = (slot + 1) & 1023;
            }
            if (!used[slot]) {
                used[slot] = true;
                table[slot] = h;
                snippets++;
            }
        }
        int hits = 0;
        long h = hash(source, 0);
        for (int i = 0; ; i++) {
            int slot = slot(h);
            while (used[slot]) {
                if (table[slot] == h) {
                    if (!found[slot]) {
                        found[slot] = true;
                        hits++;
                    }
                    break;
                }
                slot = (slot + 1) & 1023;
            }
            if (i + WINDOW >= source.length) {
                break;
            }
            h = h * BASE + (source[i + WINDOW] & 0xFF) - (source[i] & 0xFF) * BASE_POW;
        }
        return snippets == 0 ? 0 : (double) hits / snippets;
    }

    private static long hash(byte[] b, int at) {
        long h = 0;
        for (int k = 0; k < WINDOW; k++) {
            h = h * BASE + (b[at + k] & 0xFF);
        }
        return h;
    }

    private static int slot(long h) {
        return (int) ((h ^ (h >>> 29) ^ (h >>> 47)) * 0x9E3779B97F4A7C15L >>> 54);
    }

    private static long pow(long b, int e) {
        long r = 1;
        for (int i = 0; i < e; i++) {
            r *= b;
        }
        return r;
    }
}
