package dev.twinroot.delta;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every Java runtime must provide. */
final class Sha256 {

    private Sha256() {
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the runtime lacks SHA-256", e);
        }
    }

    static byte[] of(byte[] b, int off, int len) {
        MessageDigest d = newDigest();
        d.update(b, off, len);
        return d.digest();
    }

    /** An independent copy of {@code d}'s state: the JDK's SHA-256 is always cloneable. */
    static MessageDigest copyOf(MessageDigest d) {
        try {
            return (MessageDigest) d.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    /** The first {@code n} bytes, in hex, for messages. */
    static String hex(byte[] hash, int n) {
        return HexFormat.of().formatHex(hash, 0, Math.min(n, hash.length));
    }
}
