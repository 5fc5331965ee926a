package dev.twinroot.updater.bundle;

import dev.twinroot.delta.DeltaGenerator;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Turns an image (or a prebuilt delta) into a stored payload, measuring sizes and hashes in the same pass that
 * compresses, so the manifest describes exactly the bytes that were written.
 */
public final class PayloadPacker {

    /** Compresses {@code image} into {@code stored} (unless NONE) and returns its manifest entry. */
    public PackedPayload packFull(Path image, String slotClass, Compression compression, Path stored)
            throws IOException {
        if (compression == Compression.NONE) {
            Measured m = measure(image);
            return new PackedPayload(Payload.full(slotClass, m.size, m.sha256, compression, m.size, m.sha256), image);
        }
        MessageDigest imageDigest = Sha256.newDigest();
        MessageDigest storedDigest = Sha256.newDigest();
        long imageSize;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(image)), imageDigest);
                OutputStream file = new DigestOutputStream(
                        new BufferedOutputStream(Files.newOutputStream(stored)), storedDigest);
                OutputStream out = compression.compress(file)) {
            imageSize = in.transferTo(out);
        }
        Payload payload = Payload.full(slotClass, Files.size(stored), Sha256.digest(storedDigest), compression,
                imageSize, Sha256.digest(imageDigest));
        return new PackedPayload(payload, stored);
    }

    /**
     * Describes a delta made elsewhere (the delta engine), stored as is: it carries its own compression.
     *
     * @param target size and SHA-256 of the image the delta rebuilds
     */
    public PackedPayload packDelta(Path delta, String slotClass, DeltaSource source, long targetSize,
            Sha256 targetSha256) throws IOException {
        Measured m = measure(delta);
        return new PackedPayload(Payload.delta(slotClass, m.size, m.sha256, Compression.NONE, targetSize,
                targetSha256, source), delta);
    }

    /**
     * Makes the delta from {@code oldImage} to {@code newImage} with the delta engine into {@code stored} and
     * describes it: a device can install it only while its running slot starts with exactly {@code oldImage}.
     * What {@code twinroot bundle create --delta-from} and the image builder's delta bundle both use.
     */
    public PackedPayload packDelta(Path oldImage, Path newImage, String slotClass, Path stored,
            DeltaGenerator.Options options) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(stored))) {
            DeltaGenerator.create(oldImage, newImage, out, options);
        }
        DeltaSource target = measureImage(newImage);
        return packDelta(stored, slotClass, measureImage(oldImage), target.size(), target.sha256());
    }

    /** Size and SHA-256 of a file, e.g. the image a delta source must match. */
    public static DeltaSource measureImage(Path image) throws IOException {
        Measured m = measure(image);
        return new DeltaSource(m.size, m.sha256);
    }

    private static Measured measure(Path file) throws IOException {
        MessageDigest d = Sha256.newDigest();
        long size;
        try (InputStream in = new DigestInputStream(new BufferedInputStream(Files.newInputStream(file)), d)) {
            size = in.transferTo(OutputStream.nullOutputStream());
        }
        return new Measured(size, Sha256.digest(d));
    }

    private record Measured(long size, Sha256 sha256) {}
}
