package dev.twinroot.partitioner.layout;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Where new GUIDs and MBR disk signatures come from: random for ordinary disks, derived from a seed for
 * reproducible images (same seed and purpose, same GUID; systemd-repart does the same with a machine ID).
 */
interface GuidSource {

    /** A version-4-shaped GUID for {@code purpose} ("disk", "partition 1"...). */
    UUID guid(String purpose);

    /** A non-zero 32-bit MBR disk signature. */
    long diskSignature();

    static GuidSource random(RandomGenerator random) {
        return new GuidSource() {
            @Override
            public UUID guid(String purpose) {
                return shape(random.nextLong(), random.nextLong());
            }

            @Override
            public long diskSignature() {
                long s;
                do {
                    s = random.nextLong() & 0xFFFF_FFFFL;
                } while (s == 0);
                return s;
            }
        };
    }

    static GuidSource seeded(String seed) {
        return new GuidSource() {
            @Override
            public UUID guid(String purpose) {
                ByteBuffer h = ByteBuffer.wrap(sha256(seed + "\n" + purpose));
                return shape(h.getLong(), h.getLong());
            }

            @Override
            public long diskSignature() {
                long s = ByteBuffer.wrap(sha256(seed + "\nmbr disk signature")).getInt() & 0xFFFF_FFFFL;
                return s == 0 ? 1 : s;
            }
        };
    }

    /** Sets the version (4) and variant (RFC 4122) bits, so the GUID looks like any other random one. */
    private static UUID shape(long high, long low) {
        return new UUID((high & ~0xF000L) | 0x4000L, (low & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
