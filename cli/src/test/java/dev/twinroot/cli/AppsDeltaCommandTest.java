package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.imagedelta.ImageDeltaLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppsDeltaCommandTest {

    static final ImagePlatform ARM64 = new ImagePlatform("linux", "arm64");

    @TempDir
    Path dir;

    @Test
    void writesADeltaTheDeviceLoadsAsTheNewImage() throws IOException {
        byte[] data = text(7, 400_000);
        byte[] base = tar("etc/os-release", text(1, 50_000));
        Path v1 = archive("app-1.0.tar", base, tar("app/data", data));
        data[200_000] ^= 1;
        Path v2 = archive("app-1.1.tar", base, tar("app/data", data));
        Path out = dir.resolve("app-1.0-to-1.1.tid");

        CliRun table = CliRun.of("apps", "delta", v1.toString(), v2.toString(), out.toString());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("LAYER  FROM"), table.out());
        assertFalse(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith(".apps-delta-")),
                "scratch directory removed");

        CliRun json = CliRun.of("apps", "delta", "--json", v1.toString(), v2.toString(), out.toString());
        assertEquals(0, json.exitCode(), json.err());
        JsonNode r = new ObjectMapper().readTree(json.out());
        assertEquals("device", r.get("layers").get(0).get("from").asText());
        assertEquals("delta", r.get("layers").get(1).get("from").asText());
        assertEquals(Files.size(out), r.get("size").asLong());
        assertTrue(r.get("layers").get(1).get("carried").asLong() * 50 < r.get("layers").get(1).get("blobSize").asLong(),
                json.out());

        ImageStore device = new ImageStore(dir.resolve("device"));
        try (InputStream in = Files.newInputStream(v1)) {
            new ImageArchive(device, ARM64).load(in, "app-1.0.tar");
        }
        StoredImage loaded;
        try (InputStream in = Files.newInputStream(out)) {
            loaded = new ImageDeltaLoader(device, ARM64, 1L << 30).load(in, out.getFileName().toString());
        }
        assertEquals(r.get("manifest").asText(), loaded.manifest().toString());
    }

    @Test
    void anArchiveThatIsNoImageIsOneLineAndExitOne() throws IOException {
        Path notAnImage = Files.writeString(dir.resolve("old.tar"), "hello");
        Path v2 = archive("new.tar", tar("a", text(1, 100)));
        CliRun run = CliRun.of("apps", "delta", notAnImage.toString(), v2.toString(), dir.resolve("o.tid").toString());
        assertEquals(1, run.exitCode());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("twinroot apps delta: OLD " + notAnImage + ": image archive: "), run.err());
        assertFalse(Files.exists(dir.resolve("o.tid")));
    }

    @Test
    void theWrongArchitectureIsOneLineAndExitOne() throws IOException {
        Path v1 = archive("old.tar", tar("a", text(1, 100)));
        CliRun run = CliRun.of("apps", "delta", "--architecture", "amd64", v1.toString(), v1.toString(),
                dir.resolve("o.tid").toString());
        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("built for arm64, this device is amd64"), run.err());
    }

    @Test
    void aMissingOperandIsAUsageError() {
        assertEquals(2, CliRun.of("apps", "delta", "only-one.tar").exitCode());
        assertEquals(2, CliRun.of("apps").exitCode());
    }

    static byte[] text(long seed, int size) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size) {
            sb.append("key").append(r.nextInt(5000)).append('=').append(r.nextInt(100000)).append('\n');
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] tar(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setModTime(0);
            e.setSize(content.length);
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    /** An OCI image layout tar of gzipped {@code layers}, for linux/arm64. */
    Path archive(String name, byte[]... layers) throws IOException {
        StringBuilder diffIds = new StringBuilder();
        StringBuilder descriptors = new StringBuilder();
        List<byte[]> blobs = new java.util.ArrayList<>();
        for (byte[] layer : layers) {
            ByteArrayOutputStream gz = new ByteArrayOutputStream();
            try (GZIPOutputStream g = new GZIPOutputStream(gz)) {
                g.write(layer);
            }
            byte[] blob = gz.toByteArray();
            blobs.add(blob);
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(Digest.of(layer)).append('"');
            descriptors.append(descriptors.length() == 0 ? "" : ",").append(descriptor(
                    "application/vnd.oci.image.layer.v1.tar+gzip", blob));
        }
        byte[] config = ("{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/app\"]},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}").getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":"
                + descriptor("application/vnd.oci.image.config.v1+json", config) + ",\"layers\":[" + descriptors + "]}")
                .getBytes(StandardCharsets.UTF_8);
        blobs.add(config);
        blobs.add(manifest);
        byte[] index = ("{\"schemaVersion\":2,\"manifests\":["
                + descriptor("application/vnd.oci.image.manifest.v1+json", manifest) + "]}").getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve(name);
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(Files.newOutputStream(p))) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", index);
            for (byte[] b : blobs) {
                put(tar, "blobs/sha256/" + Digest.of(b).hex(), b);
            }
        }
        return p;
    }

    private static String descriptor(String mediaType, byte[] blob) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + Digest.of(blob) + "\",\"size\":" + blob.length + "}";
    }

    private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }
}
