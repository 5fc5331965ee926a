package dev.twinroot.supervisor.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * OCI images built by tests: a busybox root filesystem (the host's static busybox, from Debian's
 * busybox-static) plus whatever files a test adds, as an OCI image layout archive or pushed to a registry.
 */
public final class TestImages {

    public static final Path BUSYBOX = Path.of("/bin/busybox");
    static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "ls", "id", "touch", "test", "wget",
            "httpd", "mount", "date", "grep", "head", "mkdir", "rm", "true", "false", "kill");

    /** One built image: its blobs and the digest of its manifest. */
    public record Image(byte[] manifest, byte[] config, List<byte[]> layers) {
        public Digest digest() {
            return Digest.of(manifest);
        }

        public List<byte[]> blobs() {
            List<byte[]> all = new ArrayList<>(layers);
            all.add(config);
            all.add(manifest);
            return all;
        }
    }

    private TestImages() {
    }

    /** Whether the host has a static busybox to build images from. */
    public static boolean busyboxAvailable() {
        return Files.isExecutable(BUSYBOX);
    }

    /** A busybox image whose default command is {@code cmd}, with an extra file {@code /etc/release}. */
    public static Image busybox(String release, List<String> cmd) throws IOException {
        TestLayers base = new TestLayers();
        for (String d : List.of("bin", "etc", "tmp", "proc", "dev", "sys", "data", "srv", "var", "root")) {
            base.dir(d, d.equals("tmp") ? 01777 : 0755);
        }
        base.file("bin/busybox", 0755, Files.readAllBytes(BUSYBOX));
        for (String applet : APPLETS) {
            base.symlink("bin/" + applet, "busybox");
        }
        base.file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        byte[] layer1 = base.tar();
        byte[] layer2 = new TestLayers().file("etc/release", release + "\n").tar();
        return image(List.of(layer1, layer2), cmd, "amd64");
    }

    /** An image of the given uncompressed layers (stored gzipped), for {@code architecture}. */
    public static Image image(List<byte[]> tars, List<String> cmd, String architecture) {
        List<byte[]> layers = new ArrayList<>();
        StringBuilder diffIds = new StringBuilder();
        StringBuilder layerDescriptors = new StringBuilder();
        for (byte[] tar : tars) {
            byte[] gz = TestLayers.gzip(tar);
            layers.add(gz);
            diffIds.append(diffIds.length() == 0 ? "" : ",").append('"').append(Digest.of(tar)).append('"');
            layerDescriptors.append(layerDescriptors.length() == 0 ? "" : ",")
                    .append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"")
                    .append(Digest.of(gz)).append("\",\"size\":").append(gz.length).append('}');
        }
        StringBuilder cmdJson = new StringBuilder();
        for (String c : cmd) {
            cmdJson.append(cmdJson.length() == 0 ? "" : ",").append('"').append(c.replace("\"", "\\\"")).append('"');
        }
        byte[] config = ("{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],"
                + "\"Cmd\":[" + cmdJson + "]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.of(config) + "\",\"size\":" + config.length + "},\"layers\":[" + layerDescriptors + "]}")
                .getBytes(StandardCharsets.UTF_8);
        return new Image(manifest, config, layers);
    }

    /** The image as an OCI image layout in a tar archive, as a bundle would carry it. */
    public static byte[] ociArchive(Image image) {
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + image.digest()
                + "\",\"size\":" + image.manifest().length + ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"test\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            put(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(tar, "index.json", index);
            for (byte[] blob : image.blobs()) {
                put(tar, "blobs/sha256/" + Digest.of(blob).hex(), blob);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(content.length);
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** Pushes the image's blobs and manifest to {@code registry} (e.g. {@code 127.0.0.1:5000}) as {@code repository}. */
    public static void push(Image image, String registry, String repository) throws IOException, InterruptedException {
        push(image, registry, repository, java.util.Optional.empty());
    }

    /** Pushes with {@code bearer} (a token allowing push) to a registry that demands one. */
    public static void push(Image image, String registry, String repository, java.util.Optional<String> bearer)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        java.util.function.Function<URI, HttpRequest.Builder> request = u -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(u);
            bearer.ifPresent(t -> b.header("Authorization", "Bearer " + t));
            return b;
        };
        URI base = URI.create("http://" + registry + "/v2/" + repository + "/");
        for (byte[] blob : image.blobs().subList(0, image.blobs().size() - 1)) {
            HttpResponse<String> start = http.send(request.apply(base.resolve("blobs/uploads/"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            check(start, 202);
            String location = start.headers().firstValue("Location").orElseThrow();
            URI upload = base.resolve(location);
            String sep = upload.getQuery() == null ? "?" : "&";
            check(http.send(request.apply(URI.create(upload + sep + "digest=" + Digest.of(blob)))
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(blob)).build(), HttpResponse.BodyHandlers.ofString()), 201);
        }
        check(http.send(request.apply(base.resolve("manifests/" + image.digest()))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(image.manifest())).build(), HttpResponse.BodyHandlers.ofString()), 201);
    }

    private static void check(HttpResponse<String> r, int expected) throws IOException {
        if (r.statusCode() != expected) {
            throw new IOException(r.request().method() + " " + r.request().uri() + ": " + r.statusCode() + " " + r.body());
        }
    }
}
