package dev.twinroot.supervisor.apps.image;

import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.target.ImageRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Pulls images from an OCI distribution (Docker registry v2) endpoint by digest: the manifest (and, for a
 * multi-platform index, this device's image), the config and each layer, each verified against its digest
 * before it enters the store. Blob downloads resume with HTTP Range from what an earlier, interrupted pull left.
 * Registries on a loopback address are spoken to over plain HTTP, all others over HTTPS. Anonymous pulls only:
 * registries that demand a token are not supported yet.
 */
public final class RegistryClient {

    private static final Logger LOG = Logger.getLogger(RegistryClient.class.getName());
    private static final String ACCEPT = String.join(", ", ManifestParser.OCI_MANIFEST, ManifestParser.OCI_INDEX,
            ManifestParser.DOCKER_MANIFEST, ManifestParser.DOCKER_LIST);

    private final Duration timeout;
    private HttpClient http; // guarded by this; built at the first pull (see http())

    public RegistryClient(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The HTTP client, built at the first request: building one sets up TLS (the trust store, the cipher suites),
     * which took over 10 s of the daemon's start under QEMU's emulation, on devices that may never pull.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return http;
    }

    public StoredImage pull(ImageRef ref, ImageStore store, ImagePlatform platform) throws IOException {
        if (ref.registry().isEmpty()) {
            throw new AppsException("image " + ref + " names no registry: it must be loaded from an image archive");
        }
        URI base = base(ref.registry().get(), ref.repository());
        Digest manifest = ref.digest();
        fetchManifest(base, manifest, store);
        Digest image = store.resolve(manifest, platform);
        if (!image.equals(manifest)) {
            fetchManifest(base, image, store);
        }
        if (!(ManifestParser.parse(store.readBlob(image, ManifestParser.MAX_BYTES)) instanceof Manifest.Image content)) {
            throw new dev.twinroot.supervisor.apps.AppsFormatException("image " + manifest.shortHex()
                    + ": an index inside an index");
        }
        fetchBlob(base, content.config(), store);
        for (Descriptor layer : content.layers()) {
            fetchBlob(base, layer, store);
        }
        return store.recordComplete(ref.toString(), manifest, platform);
    }

    static URI base(String registry, String repository) {
        String host = registry.replaceFirst(":[0-9]+$", "");
        boolean loopback = host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
        return URI.create((loopback ? "http://" : "https://") + registry + "/v2/" + repository + "/");
    }

    private void fetchManifest(URI base, Digest d, ImageStore store) throws IOException {
        if (store.hasBlob(d)) {
            return;
        }
        HttpRequest req = HttpRequest.newBuilder(base.resolve("manifests/" + d)).timeout(timeout)
                .header("Accept", ACCEPT).GET().build();
        HttpResponse<InputStream> resp = send(req);
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new AppsException("registry " + base.getAuthority() + ": manifest " + d.shortHex() + ": HTTP "
                        + resp.statusCode());
            }
            byte[] bytes = body.readNBytes(ManifestParser.MAX_BYTES + 1);
            if (bytes.length > ManifestParser.MAX_BYTES) {
                throw new DigestMismatchException("manifest " + d.shortHex() + ": more than " + ManifestParser.MAX_BYTES + " bytes");
            }
            store.put(new Descriptor(ManifestParser.OCI_MANIFEST, d, bytes.length), new java.io.ByteArrayInputStream(bytes));
        }
    }

    /** Downloads one blob into the store, resuming from its partial file when there is one. */
    void fetchBlob(URI base, Descriptor blob, ImageStore store) throws IOException {
        if (store.hasBlob(blob.digest())) {
            return;
        }
        Path partial = store.partialPath(blob.digest());
        Files.createDirectories(partial.getParent());
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (have > blob.size()) {
            Files.delete(partial);
            have = 0;
        }
        if (have < blob.size()) {
            HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve("blobs/" + blob.digest())).timeout(timeout).GET();
            if (have > 0) {
                req.header("Range", "bytes=" + have + "-");
            }
            HttpResponse<InputStream> resp = send(req.build());
            try (InputStream body = resp.body()) {
                boolean append;
                if (resp.statusCode() == 206 && have > 0) {
                    String range = resp.headers().firstValue("Content-Range").orElse("no Content-Range");
                    if (!range.startsWith("bytes " + have + "-")) {
                        throw new AppsException("blob " + blob.digest().shortHex() + ": asked for bytes from " + have
                                + ", the registry sent " + range);
                    }
                    append = true;
                    long from = have;
                    LOG.info(() -> "resuming blob " + blob.digest().shortHex() + " at byte " + from);
                } else if (resp.statusCode() == 200) {
                    append = false; // the server ignored Range: start again
                } else {
                    throw new AppsException("registry " + base.getAuthority() + ": blob " + blob.digest().shortHex()
                            + ": HTTP " + resp.statusCode());
                }
                long start = append ? have : 0;
                try (OutputStream out = Files.newOutputStream(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                    ImageStore.copyAtMost(body, out, blob.size() - start, blob.digest());
                }
            }
        }
        store.commitPartial(blob);
    }

    private HttpResponse<InputStream> send(HttpRequest req) throws IOException {
        try {
            return http().send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AppsException("interrupted while talking to " + req.uri().getAuthority(), e);
        } catch (IOException e) {
            throw new AppsException("registry " + req.uri().getAuthority() + " unreachable: " + e.getMessage(), e);
        }
    }
}
