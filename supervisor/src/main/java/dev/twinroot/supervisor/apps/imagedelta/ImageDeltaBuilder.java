package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.image.Descriptor;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.updater.filedelta.FileDelta;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes an image delta archive on the build host from two OCI image layout archives (the old image, which the
 * device has, and the new one). Each layer of the new image is, in this order of preference: on the device
 * already (its diff_id is one of the old image's), a Twinroot delta of its uncompressed tar against the old
 * layer {@link TarSimilarity} picks, or the layer blob itself when the delta is not smaller than it.
 */
public final class ImageDeltaBuilder {

    /** How one layer of the new image travels. {@code carried} is what the archive holds for it. */
    public record LayerChoice(int index, Digest diffId, String from, OptionalInt sourceLayer, long blobSize,
                              long tarSize, long carried) {
    }

    public record Result(Digest manifest, Digest sourceManifest, long archiveSize, List<LayerChoice> layers) {
        public Result {
            layers = List.copyOf(layers);
        }
    }

    private final ImagePlatform platform;
    private final long maxLayerBytes;

    public ImageDeltaBuilder(ImagePlatform platform, long maxLayerBytes) {
        this.platform = platform;
        this.maxLayerBytes = maxLayerBytes;
    }

    /** Writes the archive to {@code out} (through {@code out.partial}); {@code work} is an empty scratch directory. */
    public Result create(Path oldArchive, Path newArchive, Path out, Path work) throws IOException {
        ImageStore oldStore = new ImageStore(work.resolve("old"));
        ImageStore newStore = new ImageStore(work.resolve("new"));
        StoredImage oldImage = single(oldArchive, oldStore, "OLD");
        StoredImage newImage = single(newArchive, newStore, "NEW");
        List<Path> oldTars = tars(oldImage, oldStore, work.resolve("old-tars"));
        List<Path> newTars = tars(newImage, newStore, work.resolve("new-tars"));
        Path deltas = Files.createDirectories(work.resolve("deltas"));
        List<ImageDeltaIndex.Layer> layers = new ArrayList<>();
        List<LayerChoice> choices = new ArrayList<>();
        List<Path> entries = new ArrayList<>();
        entries.add(newStore.blobPath(newImage.image()));
        entries.add(newStore.blobPath(newImage.content().config().digest()));
        List<String> oldIds = oldImage.config().diffIds();
        for (int i = 0; i < newTars.size(); i++) {
            Digest diffId = Digest.parse(newImage.config().diffIds().get(i), "NEW: diff_ids[" + i + "]");
            Descriptor blob = newImage.content().layers().get(i);
            long tarSize = Files.size(newTars.get(i));
            int onDevice = oldIds.indexOf(diffId.toString());
            if (onDevice >= 0) {
                layers.add(new ImageDeltaIndex.OnDevice(diffId));
                choices.add(new LayerChoice(i, diffId, ImageDeltaIndexCodec.FROM_DEVICE, OptionalInt.of(onDevice),
                        blob.size(), tarSize, 0));
                continue;
            }
            OptionalInt source = TarSimilarity.pick(newTars.get(i), i, oldTars);
            Optional<Path> delta = Optional.empty();
            if (source.isPresent()) {
                Path d = deltas.resolve("layer-" + i);
                FileDelta.create(oldTars.get(source.getAsInt()), newTars.get(i), d);
                delta = Files.size(d) < blob.size() ? Optional.of(d) : Optional.empty();
            }
            if (delta.isPresent()) {
                long size = Files.size(delta.get());
                Digest sourceId = Digest.parse(oldIds.get(source.getAsInt()), "OLD: diff_ids");
                layers.add(new ImageDeltaIndex.Patched(diffId, sourceId,
                        new ImageDeltaIndex.Blob(sha256(delta.get()), size)));
                entries.add(delta.get());
                choices.add(new LayerChoice(i, diffId, ImageDeltaIndexCodec.FROM_DELTA, source, blob.size(), tarSize,
                        size));
            } else {
                layers.add(new ImageDeltaIndex.Whole(diffId, new ImageDeltaIndex.Blob(blob.digest(), blob.size())));
                entries.add(newStore.blobPath(blob.digest()));
                choices.add(new LayerChoice(i, diffId, ImageDeltaIndexCodec.FROM_LAYER, OptionalInt.empty(),
                        blob.size(), tarSize, blob.size()));
            }
        }
        ImageDeltaIndex index = new ImageDeltaIndex(oldImage.manifest(), oldImage.content().config().digest(),
                new ImageDeltaIndex.Blob(newImage.image(), Files.size(newStore.blobPath(newImage.image()))),
                new ImageDeltaIndex.Blob(newImage.content().config().digest(), newImage.content().config().size()),
                layers);
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            ImageDeltaWriter.write(o, index, entries);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(newImage.image(), oldImage.manifest(), Files.size(out), choices);
    }

    private StoredImage single(Path archive, ImageStore store, String what) throws IOException {
        List<StoredImage> images;
        try (InputStream in = Files.newInputStream(archive)) {
            images = new ImageArchive(store, platform).load(in, archive.getFileName().toString());
        } catch (AppsException e) {
            // Two archives go in: say which one was bad.
            throw new AppsFormatException(what + " " + archive + ": " + e.getMessage(), e);
        }
        if (images.size() != 1) {
            throw new AppsFormatException(what + " " + archive + ": " + images.size() + " images for " + platform
                    + ", expected one");
        }
        StoredImage image = images.get(0);
        if (!image.image().equals(image.manifest())) {
            throw new AppsFormatException(what + " " + archive + ": names an image index; export the " + platform
                    + " image alone (skopeo copy without --all)");
        }
        return image;
    }

    private static Digest sha256(Path file) throws IOException {
        java.security.MessageDigest md = Digest.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return new Digest(java.util.HexFormat.of().formatHex(md.digest()));
    }

    /** Each layer's uncompressed tar, checked against the config's diff_ids. */
    private List<Path> tars(StoredImage image, ImageStore store, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < image.content().layers().size(); i++) {
            Path tar = dir.resolve("layer-" + i + ".tar");
            Digest diffId = Digest.parse(image.config().diffIds().get(i), "diff_ids[" + i + "]");
            LayerTars.extract(store.blobPath(image.content().layers().get(i).digest()), tar, diffId, maxLayerBytes,
                    image.name() + ": layer " + i);
            out.add(tar);
        }
        return out;
    }
}
