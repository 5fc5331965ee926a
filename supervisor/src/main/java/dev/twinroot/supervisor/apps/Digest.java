package dev.twinroot.supervisor.apps;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest as OCI writes it, {@code sha256:} and 64 lowercase hex digits. Only SHA-256 is accepted:
 * it is what every registry and image layout uses, and one algorithm means one way to name a blob on disk.
 */
public record Digest(String hex) {

    public static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest: expected 64 lowercase hex digits");
        }
    }

    /** Parses {@code sha256:<hex>}; {@code at} names the field in the message. */
    public static Digest parse(String text, String at) throws AppsFormatException {
        if (text.length() != PREFIX.length() + 64 || !text.startsWith(PREFIX)
                || !HEX.matcher(text.substring(PREFIX.length())).matches()) {
            throw new AppsFormatException(at + ": expected sha256: and 64 lowercase hex digits, found "
                    + JsonFields.quoted(text));
        }
        return new Digest(text.substring(PREFIX.length()));
    }

    public static Digest of(byte[] bytes) {
        return new Digest(HexFormat.of().formatHex(sha256().digest(bytes)));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    /** The short form for messages and container names. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return PREFIX + hex;
    }
}
