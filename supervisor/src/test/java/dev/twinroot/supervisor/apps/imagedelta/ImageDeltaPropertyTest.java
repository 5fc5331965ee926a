package dev.twinroot.supervisor.apps.imagedelta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestLayers;
import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.layer.LayerUnpacker;
import dev.twinroot.supervisor.apps.layer.RootfsBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random images and random edits of their layers (bytes changed, files grown, shrunk, added, removed,
 * layers added and dropped): the image rebuilt from the delta must unpack to exactly what the new image's own
 * archive unpacks to. And random damage to a delta never passes, never escapes as anything but the apps'
 * exceptions, never touches the store.
 */
class ImageDeltaPropertyTest {

    @TempDir
    Path dir;

    /** A layer as its files: name to content, kept sorted so a tar of it is deterministic but for mtimes. */
    static Map<String, byte[]> randomFiles(Random r, String prefix) {
        Map<String, byte[]> files = new TreeMap<>();
        int n = 1 + r.nextInt(12);
        for (int i = 0; i < n; i++) {
            files.put(prefix + "/f" + r.nextInt(1000), content(r, r.nextInt(30_000)));
        }
        return files;
    }

    static byte[] content(Random r, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) ('a' + r.nextInt(r.nextBoolean() ? 4 : 26));
        }
        return b;
    }

    static Map<String, byte[]> edit(Random r, Map<String, byte[]> files, String prefix) {
        Map<String, byte[]> out = new TreeMap<>(files);
        int edits = r.nextInt(4);
        for (int e = 0; e < edits; e++) {
            List<String> names = new ArrayList<>(out.keySet());
            switch (r.nextInt(5)) {
                case 0 -> out.put(prefix + "/new" + r.nextInt(1000), content(r, r.nextInt(5000)));
                case 1 -> {
                    if (!names.isEmpty()) {
                        out.remove(names.get(r.nextInt(names.size())));
                    }
                }
                case 2, 3 -> {
                    if (!names.isEmpty()) {
                        String name = names.get(r.nextInt(names.size()));
                        byte[] b = out.get(name).clone();
                        for (int k = 0; k < 1 + r.nextInt(20) && b.length > 0; k++) {
                            b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
                        }
                        out.put(name, b);
                    }
                }
                default -> {
                    if (!names.isEmpty()) {
                        String name = names.get(r.nextInt(names.size()));
                        byte[] b = out.get(name);
                        byte[] grown = java.util.Arrays.copyOf(b, Math.max(0, b.length + r.nextInt(3000) - 1000));
                        out.put(name, grown);
                    }
                }
            }
        }
        return out;
    }

    static byte[] tar(Map<String, byte[]> files) {
        TestLayers t = new TestLayers();
        files.keySet().stream().map(n -> n.substring(0, n.indexOf('/'))).distinct().forEach(d -> t.dir(d, 0755));
        files.forEach((name, content) -> t.file(name, 0644, content));
        return t.tar();
    }

    @Test
    void randomEditsRebuildTheNewImageExactly() throws IOException {
        Map<String, Integer> kinds = new TreeMap<>();
        for (int seed = 0; seed < 25; seed++) {
            Random r = new Random(seed);
            List<Map<String, byte[]>> oldLayers = new ArrayList<>();
            int count = 1 + r.nextInt(3);
            for (int i = 0; i < count; i++) {
                oldLayers.add(randomFiles(r, "l" + i));
            }
            List<byte[]> oldTars = oldLayers.stream().map(ImageDeltaPropertyTest::tar).toList();
            List<byte[]> newTars = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int choice = r.nextInt(4);
                if (choice == 0) {
                    newTars.add(oldTars.get(i)); // unchanged: on the device already
                } else if (choice == 1 && count > 1) {
                    continue; // layer dropped
                } else {
                    newTars.add(tar(edit(r, oldLayers.get(i), "l" + i)));
                }
            }
            if (r.nextBoolean() || newTars.isEmpty()) {
                newTars.add(tar(randomFiles(r, "n")));
            }
            TestImages.Image v1 = TestImages.image(oldTars, List.of("/x"), "amd64");
            TestImages.Image v2 = TestImages.image(newTars, List.of("/x"), "amd64");
            Path iteration = Files.createDirectory(dir.resolve("seed" + seed));
            ImageStore device = new ImageStore(iteration.resolve("device"));
            DeltaImages.loadArchive(device, v1);
            DeltaImages.Made made = DeltaImages.delta(iteration, v1, v2);
            made.result().layers().forEach(l -> kinds.merge(l.from(), 1, Integer::sum));
            StoredImage viaDelta;
            try (var in = Files.newInputStream(made.file())) {
                viaDelta = DeltaImages.loader(device).load(in, "d");
            }
            assertEquals(v2.digest(), viaDelta.manifest(), "seed " + seed);
            ImageStore direct = new ImageStore(iteration.resolve("direct"));
            DeltaImages.loadArchive(direct, v2);
            assertEquals(tree(unpack(direct, direct.image(v2.digest()).orElseThrow())), tree(unpack(device, viaDelta)),
                    "seed " + seed);
            Trees.deleteRecursively(iteration);
        }
        // The loop must have exercised every way a layer travels, or it proved less than it claims.
        assertEquals(List.of("delta", "device", "layer"), List.copyOf(kinds.keySet()), kinds.toString());
        assertTrue(kinds.get("delta") >= 10, kinds.toString());
    }

    @Test
    void randomDamageIsRefusedWithTheAppsExceptionsOnly() throws IOException {
        Random r = new Random(99);
        Map<String, byte[]> files = randomFiles(r, "a");
        TestImages.Image v1 = TestImages.image(List.of(tar(files)), List.of("/x"), "amd64");
        TestImages.Image v2 = TestImages.image(List.of(tar(edit(r, files, "a")), tar(randomFiles(r, "b"))),
                List.of("/x"), "amd64");
        ImageStore device = new ImageStore(dir.resolve("device"));
        DeltaImages.loadArchive(device, v1);
        byte[] delta = DeltaImages.delta(dir, v1, v2).bytes();
        Map<String, String> before = DeltaImages.snapshot(device);
        for (int i = 0; i < 200; i++) {
            byte[] bad = delta.clone();
            int edits = 1 + r.nextInt(3);
            for (int k = 0; k < edits; k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            if (java.util.Arrays.equals(bad, delta)) {
                continue;
            }
            AppsException e = assertThrows(AppsException.class,
                    () -> DeltaImages.loader(device).load(new ByteArrayInputStream(bad), "d"));
            assertFalse(e.getMessage().contains("unreadable ("), "a bug caught by the last resort: " + e.getMessage());
            assertEquals(before, DeltaImages.snapshot(device));
        }
    }

    private static Path unpack(ImageStore store, StoredImage image) throws IOException {
        return new RootfsBuilder(store, new LayerUnpacker(1L << 30, false), Platform.linux().fileSync()).rootfs(image);
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                String rel = root.relativize(p).toString();
                out.put(rel, Files.isRegularFile(p) ? DeltaImages.sha(p) : Files.isDirectory(p) ? "dir" : "other");
            }
        }
        assertTrue(out.size() > 1);
        return out;
    }
}
