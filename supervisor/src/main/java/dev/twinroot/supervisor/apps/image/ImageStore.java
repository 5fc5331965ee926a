package dev.twinroot.supervisor.apps.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.RecordException;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import dev.twinroot.supervisor.apps.Trees;

/**
 * Images on the data partition, content-addressed as in an OCI image layout: every blob at
 * {@code blobs/sha256/HEX}, written only after its bytes hashed to HEX, and {@code index.json} listing the
 * images whose blobs are all present. A blob being downloaded waits in {@code partial/HEX}, so a download cut
 * by a power loss resumes where it stopped. Unpacked root filesystems live beside, in {@code rootfs/HEX}
 * (see {@link dev.twinroot.supervisor.apps.layer.RootfsBuilder}).
 */
public final class ImageStore {

    static final String INDEX = "index.json";
    private final Path root;

    public ImageStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path blobPath(Digest d) {
        return root.resolve("blobs").resolve("sha256").resolve(d.hex());
    }

    public boolean hasBlob(Digest d) {
        return Files.isRegularFile(blobPath(d));
    }

    /** Where a download of {@code d} keeps the bytes received so far. */
    public Path partialPath(Digest d) {
        return root.resolve("partial").resolve(d.hex());
    }

    /** Where the image {@code image} (an image manifest digest) is unpacked. */
    public Path rootfsPath(Digest image) {
        return root.resolve("rootfs").resolve(image.hex());
    }

    /**
     * Streams exactly {@code expected.size()} bytes from {@code in} into the store, hashing as they pass, and
     * keeps them only if they hash to the descriptor's digest. Fails on the first byte past the declared size.
     */
    public void put(Descriptor expected, InputStream in) throws IOException {
        if (hasBlob(expected.digest())) {
            return;
        }
        Path partial = partialPath(expected.digest());
        Files.createDirectories(partial.getParent());
        try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            copyAtMost(in, out, expected.size(), expected.digest());
        }
        commitPartial(expected);
    }

    /** Verifies the whole partial file of {@code expected} and moves it into the store; deletes it on mismatch. */
    public void commitPartial(Descriptor expected) throws IOException {
        Path partial = partialPath(expected.digest());
        long size = Files.size(partial);
        if (size != expected.size()) {
            Files.delete(partial);
            throw new DigestMismatchException("blob " + expected.digest().shortHex() + ": expected " + expected.size()
                    + " bytes, found " + size);
        }
        Digest found = hash(partial);
        if (!found.equals(expected.digest())) {
            Files.delete(partial);
            throw new DigestMismatchException("blob " + expected.digest().shortHex() + ": content hashes to "
                    + found.shortHex());
        }
        try (var ch = java.nio.channels.FileChannel.open(partial, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = blobPath(expected.digest());
        Files.createDirectories(target.getParent());
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFiles.syncDirectory(target.getParent());
    }

    /**
     * Moves {@code staged}, whose bytes the caller verified hash to {@code d}, into the store as that blob: made
     * durable first, then renamed, so a blob in the store is never half-written. A blob already present is kept.
     */
    public void adopt(Path staged, Digest d) throws IOException {
        if (hasBlob(d)) {
            Files.delete(staged);
            return;
        }
        try (var ch = java.nio.channels.FileChannel.open(staged, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = blobPath(d);
        Files.createDirectories(target.getParent());
        Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        AtomicFiles.syncDirectory(target.getParent());
    }

    /**
     * A new directory for files that are not blobs yet (an image delta being rebuilt), under {@code partial/},
     * so the next garbage collection removes it if a power cut leaves it behind.
     */
    public Path newStagingDirectory() throws IOException {
        Path partial = root.resolve("partial");
        Files.createDirectories(partial);
        return Files.createTempDirectory(partial, "staging-");
    }

    /** A stored layer blob whose uncompressed tar is {@code diffId}, from any complete image. */
    public Optional<Descriptor> layerByDiffId(Digest diffId) throws IOException {
        for (Entry e : entries()) {
            Optional<StoredImage> img = image(Digest.parse(e.manifest(), "image store index"));
            if (img.isEmpty()) {
                continue;
            }
            List<String> ids = img.get().config().diffIds();
            for (int i = 0; i < ids.size() && i < img.get().content().layers().size(); i++) {
                Descriptor layer = img.get().content().layers().get(i);
                if (ids.get(i).equals(diffId.toString()) && hasBlob(layer.digest())) {
                    return Optional.of(layer);
                }
            }
        }
        return Optional.empty();
    }

    /** A small blob (manifest, config) read whole, checked again against its digest and a cap. */
    public byte[] readBlob(Digest d, int max) throws IOException {
        Path p = blobPath(d);
        long size;
        try {
            size = Files.size(p);
        } catch (NoSuchFileException e) {
            throw new AppsException("blob " + d.shortHex() + " is not in the image store");
        }
        if (size > max) {
            throw new AppsFormatException("blob " + d.shortHex() + ": " + size + " bytes, at most " + max + " expected");
        }
        byte[] bytes = Files.readAllBytes(p);
        if (!Digest.of(bytes).equals(d)) {
            throw new DigestMismatchException("blob " + d.shortHex() + " changed on disk since it was stored");
        }
        return bytes;
    }

    /** Adds an image whose blobs are all present to the index (replacing an entry for the same manifest). */
    public void record(String name, Digest manifest, Digest image) throws IOException {
        List<Entry> entries = new ArrayList<>(entries());
        entries.removeIf(e -> e.manifest().equals(manifest.toString()));
        entries.add(new Entry(name, manifest.toString(), image.toString()));
        AtomicFiles.write(root.resolve(INDEX), Json.prettyWriter().writeValueAsBytes(new Index(entries)));
    }

    /**
     * Records {@code manifest} as an image after checking the store holds everything it needs: the manifest,
     * for an index the image for {@code platform}, its config (built for that platform) and every layer.
     */
    public StoredImage recordComplete(String name, Digest manifest, ImagePlatform platform) throws IOException {
        return recordAs(name, manifest, resolve(manifest, platform), platform);
    }

    /**
     * Records the image manifest {@code image} under the digest {@code manifest} a target state names, after the
     * same checks as {@link #recordComplete}. An image rebuilt from a delta is stored so: its layers arrived as
     * uncompressed tars, so the device holds its own manifest of them ({@code image}), while target states keep
     * naming the registry's manifest.
     */
    public StoredImage recordAs(String name, Digest manifest, Digest image, ImagePlatform platform) throws IOException {
        if (!(ManifestParser.parse(readBlob(image, ManifestParser.MAX_BYTES)) instanceof Manifest.Image content)) {
            throw new AppsFormatException("image " + manifest.shortHex() + ": an index inside an index");
        }
        ImageConfig config = ImageConfigParser.parse(readBlob(content.config().digest(), ImageConfigParser.MAX_BYTES));
        if (!config.architecture().equals(platform.architecture())) {
            throw new AppsFormatException("image " + manifest.shortHex() + ": built for " + config.architecture()
                    + ", this device is " + platform.architecture());
        }
        if (config.diffIds().size() != content.layers().size()) {
            throw new AppsFormatException("image " + manifest.shortHex() + ": " + content.layers().size()
                    + " layers but " + config.diffIds().size() + " diff_ids");
        }
        for (Descriptor layer : content.layers()) {
            if (!hasBlob(layer.digest())) {
                throw new AppsException("image " + manifest.shortHex() + ": layer " + layer.digest().shortHex()
                        + " is missing");
            }
        }
        record(name, manifest, image);
        return new StoredImage(name, manifest, image, content, config);
    }

    /** The image manifest {@code manifest} stands for on {@code platform}: itself, or its entry in an index. */
    public Digest resolve(Digest manifest, ImagePlatform platform) throws IOException {
        Manifest m = ManifestParser.parse(readBlob(manifest, ManifestParser.MAX_BYTES));
        if (m instanceof Manifest.Index index) {
            return pick(index, platform, manifest);
        }
        return manifest;
    }

    static Digest pick(Manifest.Index index, ImagePlatform platform, Digest manifest) throws AppsFormatException {
        for (Manifest.Entry e : index.manifests()) {
            if (e.os().equals(platform.os()) && e.architecture().equals(platform.architecture())) {
                return e.descriptor().digest();
            }
        }
        throw new AppsFormatException("image index " + manifest.shortHex() + ": no image for " + platform);
    }

    /** The image a target state names, if it is complete in the store. */
    public Optional<StoredImage> image(Digest manifest) throws IOException {
        for (Entry e : entries()) {
            if (e.manifest().equals(manifest.toString())) {
                Digest image = Digest.parse(e.image(), "image store index");
                Manifest m = ManifestParser.parse(readBlob(image, ManifestParser.MAX_BYTES));
                if (!(m instanceof Manifest.Image content)) {
                    throw new AppsFormatException("image store index: " + image.shortHex() + " is not an image manifest");
                }
                ImageConfig config = ImageConfigParser.parse(readBlob(content.config().digest(), ImageConfigParser.MAX_BYTES));
                return Optional.of(new StoredImage(e.name(), manifest, image, content, config));
            }
        }
        return Optional.empty();
    }

    public List<Entry> entries() throws IOException {
        Path index = root.resolve(INDEX);
        if (!Files.exists(index)) {
            return List.of();
        }
        try {
            return Json.strictReader(Index.class).<Index>readValue(Files.readAllBytes(index)).images();
        } catch (IOException | RuntimeException e) {
            throw new RecordException(index + ": unreadable image index", e);
        }
    }

    /**
     * Deletes every image not in {@code keep} (manifest digests), then every blob, partial download and
     * unpacked root filesystem no kept image needs. Returns the bytes freed.
     */
    public long collectGarbage(Set<Digest> keep) throws IOException {
        List<Entry> kept = new ArrayList<>();
        Set<String> liveBlobs = new HashSet<>();
        Set<String> liveRootfs = new HashSet<>();
        for (Entry e : entries()) {
            Digest manifest = Digest.parse(e.manifest(), "image store index");
            if (!keep.contains(manifest)) {
                continue;
            }
            kept.add(e);
            StoredImage img = image(manifest).orElseThrow();
            liveBlobs.add(manifest.hex());
            liveBlobs.add(img.image().hex());
            liveBlobs.add(img.content().config().digest().hex());
            img.content().layers().forEach(l -> liveBlobs.add(l.digest().hex()));
            liveRootfs.add(img.image().hex());
        }
        AtomicFiles.write(root.resolve(INDEX), Json.prettyWriter().writeValueAsBytes(new Index(kept)));
        long freed = 0;
        freed += deleteUnlisted(root.resolve("blobs").resolve("sha256"), liveBlobs);
        freed += deleteUnlisted(root.resolve("partial"), Set.of());
        freed += deleteUnlisted(root.resolve("rootfs"), liveRootfs);
        return freed;
    }

    private static long deleteUnlisted(Path dir, Set<String> live) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long freed = 0;
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.toList()) {
                if (!live.contains(child.getFileName().toString())) {
                    freed += Trees.deleteRecursively(child);
                }
            }
        }
        return freed;
    }

    static Digest hash(Path file) throws IOException {
        MessageDigest md = Digest.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return new Digest(HexFormat.of().formatHex(md.digest()));
    }

    /** Copies at most {@code limit} bytes; one more byte available is a mismatch, found before it is written. */
    static long copyAtMost(InputStream in, OutputStream out, long limit, Digest what) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        while (true) {
            int want = (int) Math.min(buf.length, limit - total + 1);
            int n = in.read(buf, 0, want);
            if (n < 0) {
                return total;
            }
            total = Math.addExact(total, n);
            if (total > limit) {
                throw new DigestMismatchException("blob " + what.shortHex() + ": more than the declared " + limit + " bytes");
            }
            out.write(buf, 0, n);
        }
    }

    /** {@code index.json}: our own record, so read strictly. */
    record Index(@JsonProperty("images") List<Entry> images) {
        Index {
            images = images == null ? List.of() : List.copyOf(images);
        }
    }

    /** One stored image: the name it was pulled or loaded as, the digest asked for and the image it resolved to. */
    public record Entry(@JsonProperty("name") String name, @JsonProperty("manifest") String manifest,
                        @JsonProperty("image") String image) {
    }
}
