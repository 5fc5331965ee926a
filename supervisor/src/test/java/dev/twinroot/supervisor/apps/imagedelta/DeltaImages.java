package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the image delta tests share: writing archives, making a delta, snapshotting a store. */
final class DeltaImages {

    static final ImagePlatform AMD64 = new ImagePlatform("linux", "amd64");
    static final long MAX = 1L << 30;

    private DeltaImages() {
    }

    static Path archive(Path dir, String name, TestImages.Image image) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, TestImages.ociArchive(image));
        return p;
    }

    /** Makes the delta from {@code from} to {@code to} in {@code dir}; returns the builder's result and file. */
    static Made delta(Path dir, TestImages.Image from, TestImages.Image to) throws IOException {
        Path work = Files.createTempDirectory(dir, "work");
        Path out = dir.resolve("delta-" + System.nanoTime() + ".tid");
        ImageDeltaBuilder.Result r = new ImageDeltaBuilder(AMD64, MAX).create(archive(work, "old.tar", from),
                archive(work, "new.tar", to), out, work);
        return new Made(r, out);
    }

    record Made(ImageDeltaBuilder.Result result, Path file) {
        byte[] bytes() throws IOException {
            return Files.readAllBytes(file);
        }
    }

    static void loadArchive(ImageStore store, TestImages.Image image) throws IOException {
        new ImageArchive(store, AMD64).load(new ByteArrayInputStream(TestImages.ociArchive(image)), "test");
    }

    static ImageDeltaLoader loader(ImageStore store) {
        return new ImageDeltaLoader(store, AMD64, MAX);
    }

    /** Every regular file under the store, by relative path, with its SHA-256: what "intact" means. */
    static Map<String, String> snapshot(ImageStore store) throws IOException {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(store.root())) {
            return out;
        }
        try (Stream<Path> files = Files.walk(store.root())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.put(store.root().relativize(p).toString(), sha(p));
            }
        }
        return out;
    }

    static String sha(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            var md = Digest.sha256();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
