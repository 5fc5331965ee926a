package dev.twinroot.supervisor.apps.imagedelta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.ImageStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Any bytes as an image delta, loaded into a store that holds {@link #tinyImage} (the seeds are deltas made
 * against it): an image or the apps' exceptions, never anything else. The index is guarded by a SHA-256 that
 * random bytes never match, so {@link #rehashedArchive} fixes that hash first and lets the fuzzer reach the
 * index parser and everything after it.
 */
class ImageDeltaLoaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyArchive(byte[] input) throws IOException {
        load(input);
    }

    @FuzzTest(maxDuration = "60s")
    void rehashedArchive(byte[] input) throws IOException {
        load(rehash(input));
    }

    @Test
    void theSeedDeltaStillAppliesToTheTinyImage() throws IOException {
        byte[] seed = Files.readAllBytes(Path.of("src/test/resources/dev/twinroot/supervisor/apps/imagedelta/"
                + "ImageDeltaLoaderFuzzTestInputs/anyArchive/delta-1.0-to-1.1"));
        Path dir = Files.createTempDirectory("image-delta-seed");
        try {
            ImageStore store = new ImageStore(dir);
            DeltaImages.loadArchive(store, tinyImage("1.0"));
            assertEquals(tinyImage("1.1").digest(), new ImageDeltaLoader(store, DeltaImages.AMD64, 1 << 20)
                    .load(new ByteArrayInputStream(seed), "seed").manifest());
            assertArrayEquals(seed, rehash(seed));
        } finally {
            Trees.deleteRecursively(dir);
        }
    }

    private static void load(byte[] archive) throws IOException {
        Path dir = Files.createTempDirectory("image-delta-fuzz");
        try {
            ImageStore store = new ImageStore(dir);
            DeltaImages.loadArchive(store, tinyImage("1.0"));
            new ImageDeltaLoader(store, DeltaImages.AMD64, 1 << 20).load(new ByteArrayInputStream(archive), "fuzz");
        } catch (AppsException expected) {
            // the failures a caller handles
        } finally {
            Trees.deleteRecursively(dir);
        }
    }

    /** The archive with the hash after its index made right, when it is long enough to have one. */
    static byte[] rehash(byte[] input) {
        if (input.length < ImageDeltaConstants.PREAMBLE_LENGTH) {
            return input;
        }
        long indexLength = Integer.toUnsignedLong(ByteBuffer.wrap(input).getInt(12));
        long hashAt = ImageDeltaConstants.PREAMBLE_LENGTH + indexLength;
        if (hashAt + ImageDeltaConstants.HASH_LENGTH > input.length) {
            return input;
        }
        byte[] out = input.clone();
        MessageDigest sha = dev.twinroot.supervisor.apps.Digest.sha256();
        sha.update(out, 0, (int) hashAt);
        System.arraycopy(sha.digest(), 0, out, (int) hashAt, ImageDeltaConstants.HASH_LENGTH);
        return out;
    }

    /** A small image whose bytes never change (fixed times), so seeds made against it stay valid. */
    static TestImages.Image tinyImage(String release) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                text.append("line ").append(i).append(i == 150 ? release : "").append('\n');
            }
            for (String[] f : List.of(new String[] {"etc/release", release + "\n"}, new String[] {"etc/data", text.toString()})) {
                byte[] content = f[1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f[0]);
                e.setModTime(0);
                e.setMode(0100644);
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return TestImages.image(List.of(bytes.toByteArray()), List.of("/bin/sh"), "amd64");
    }
}
