package dev.twinroot.partitioner;

/** Sector arithmetic shared by the codecs (Java 17 has no Math.ceilDiv). */
public final class Sectors {

    private Sectors() {
    }

    /** How many {@code unit}s it takes to hold {@code amount}: both non-negative, unit positive. */
    public static long ceilDiv(long amount, long unit) {
        return -Math.floorDiv(-amount, unit);
    }
}
