package dev.twinroot.updater.bundle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A SHA-256 digest, held as 64 lowercase hex digits (the manifest's spelling). */
public record Sha256(String hex) {

    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    public Sha256 {
        if (!HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("a SHA-256 is 64 lowercase hex digits");
        }
    }

    public static Sha256 of(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("a SHA-256 is 32 bytes, found " + digest.length);
        }
        return new Sha256(HexFormat.of().formatHex(digest));
    }

    public static Sha256 digest(MessageDigest md) {
        return of(md.digest());
    }

    /** A fresh SHA-256 MessageDigest; every JRE has one. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JRE has no SHA-256", e);
        }
    }

    /** Accepts upper or lower case, as users paste it. */
    public static Sha256 parse(String text) {
        return new Sha256(text.strip().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return hex;
    }
}
