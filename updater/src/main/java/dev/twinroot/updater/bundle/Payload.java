package dev.twinroot.updater.bundle;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One payload as the manifest declares it.
 *
 * @param kind full image or delta
 * @param slotClass which kind of slot it goes to, e.g. {@code rootfs}
 * @param size stored bytes in the bundle
 * @param sha256 SHA-256 of the stored bytes
 * @param compression how the stored bytes are encoded
 * @param imageSize size of the slot image this payload produces (the decompressed image for a full payload,
 *     the image a delta rebuilds)
 * @param imageSha256 SHA-256 of that image
 * @param deltaSource for a delta, the image it applies to; empty for a full payload
 */
public record Payload(
        PayloadKind kind,
        String slotClass,
        long size,
        Sha256 sha256,
        Compression compression,
        long imageSize,
        Sha256 imageSha256,
        Optional<DeltaSource> deltaSource) {

    static final Pattern SLOT_CLASS = Pattern.compile("[a-z0-9][a-z0-9_-]{0,31}");

    public Payload {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(sha256);
        Objects.requireNonNull(compression);
        Objects.requireNonNull(imageSha256);
        checkSlotClass(slotClass);
        if (size < 0 || imageSize < 0) {
            throw new IllegalArgumentException("payload sizes must be >= 0");
        }
        if (deltaSource.isPresent() != (kind == PayloadKind.DELTA)) {
            throw new IllegalArgumentException("a delta payload needs a delta source and a full payload has none");
        }
        if (kind == PayloadKind.FULL && compression == Compression.NONE
                && (size != imageSize || !sha256.equals(imageSha256))) {
            throw new IllegalArgumentException("an uncompressed full payload must have the same size and SHA-256"
                    + " as its image");
        }
    }

    /** Throws IllegalArgumentException unless {@code slotClass} is a valid slot class name. */
    public static void checkSlotClass(String slotClass) {
        if (!SLOT_CLASS.matcher(slotClass).matches()) {
            throw new IllegalArgumentException("slot class must be 1-32 of [a-z0-9_-], starting with a letter or digit");
        }
    }

    public static Payload full(String slotClass, long size, Sha256 sha256, Compression compression, long imageSize,
            Sha256 imageSha256) {
        return new Payload(PayloadKind.FULL, slotClass, size, sha256, compression, imageSize, imageSha256,
                Optional.empty());
    }

    public static Payload delta(String slotClass, long size, Sha256 sha256, Compression compression, long imageSize,
            Sha256 imageSha256, DeltaSource source) {
        return new Payload(PayloadKind.DELTA, slotClass, size, sha256, compression, imageSize, imageSha256,
                Optional.of(source));
    }
}
