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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Pulls images from an OCI distribution (Docker registry v2) endpoint by digest: the manifest (and, for a
 * multi-platform index, this device's image), the config and each layer, each verified against its digest
 * before it enters the store. Blob downloads resume with HTTP Range from what an earlier, interrupted pull left.
 * Registries on a loopback address, and those the settings list as insecure, are spoken to over plain HTTP, all
 * others over HTTPS. A registry that answers 401 with a Bearer challenge gets the Docker / OCI token flow: a
 * token from its realm, with the credentials the device has for it (or anonymously), then the request again.
 */
public final class RegistryClient {

    private static final Logger LOG = Logger.getLogger(RegistryClient.class.getName());
    private static final String ACCEPT = String.join(", ", ManifestParser.OCI_MANIFEST, ManifestParser.OCI_INDEX,
            ManifestParser.DOCKER_MANIFEST, ManifestParser.DOCKER_LIST);

    static final int MAX_TOKEN_RESPONSE = 64 * 1024;
    static final int MAX_TOKEN = 16 * 1024;

    private final Duration timeout;
    private final RegistrySettings settings;
    private HttpClient http; // guarded by this; built at the first request (see http())
    /** The last token each repository's registry gave, by repository base URI: reused until refused. */
    private final Map<URI, String> tokens = new ConcurrentHashMap<>();

    public RegistryClient(Duration timeout) {
        this(timeout, RegistrySettings.defaults());
    }

    public RegistryClient(Duration timeout, RegistrySettings settings) {
        this.timeout = timeout;
        this.settings = settings;
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

    URI base(String registry, String repository) {
        return URI.create((settings.plainHttp(registry) ? "http://" : "https://") + registry + "/v2/" + repository + "/");
    }

    private void fetchManifest(URI base, Digest d, ImageStore store) throws IOException {
        if (store.hasBlob(d)) {
            return;
        }
        HttpResponse<InputStream> resp = send(base, HttpRequest.newBuilder(base.resolve("manifests/" + d))
                .timeout(timeout).header("Accept", ACCEPT).GET());
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
            HttpResponse<InputStream> resp = send(base, req);
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

    /**
     * Sends the request, with the repository's token when there is one. A 401 with a Bearer challenge is
     * answered once: a token from the challenge's realm (with the registry's credentials, if the credentials
     * file has them), then the request again.
     */
    private HttpResponse<InputStream> send(URI base, HttpRequest.Builder req) throws IOException {
        String token = tokens.get(base);
        HttpResponse<InputStream> resp = raw(authorized(req, token));
        if (resp.statusCode() != 401) {
            return resp;
        }
        String header = resp.headers().firstValue("WWW-Authenticate").orElse("");
        resp.body().close();
        String registry = base.getAuthority();
        BearerChallenge challenge = BearerChallenge.parse(header).orElseThrow(() -> new AppsException("registry "
                + registry + ": HTTP 401 without a Bearer challenge; only token authentication is supported"));
        String fresh = token(challenge, registry);
        tokens.put(base, fresh);
        HttpResponse<InputStream> again = raw(authorized(req, fresh));
        if (again.statusCode() == 401) {
            again.body().close();
            throw new AppsException("registry " + registry + ": HTTP 401 with the token its token service gave");
        }
        return again;
    }

    private static HttpRequest authorized(HttpRequest.Builder req, String token) {
        HttpRequest.Builder copy = req.copy();
        if (token != null) {
            copy.setHeader("Authorization", "Bearer " + token);
        }
        return copy.build();
    }

    /** A token from the challenge's realm; credentials go only over HTTPS or to a registry allowed plain HTTP. */
    String token(BearerChallenge challenge, String registry) throws IOException {
        URI realm = challenge.realm();
        if (realm.getScheme().equalsIgnoreCase("http") && !settings.plainHttp(realm.getAuthority())) {
            throw new AppsException("registry " + registry + ": its token service " + realm.getAuthority()
                    + " is plain HTTP and not listed in apps.registries.insecure");
        }
        StringBuilder query = new StringBuilder(realm.getRawQuery() == null ? "" : realm.getRawQuery());
        challenge.service().ifPresent(v -> query.append(query.isEmpty() ? "" : "&").append("service=")
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        challenge.scope().ifPresent(v -> query.append(query.isEmpty() ? "" : "&").append("scope=")
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        URI uri = URI.create(realm.getScheme() + "://" + realm.getRawAuthority()
                + (realm.getRawPath() == null ? "" : realm.getRawPath()) + (query.isEmpty() ? "" : "?" + query));
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        // Read at each use: a fixed file takes effect without a restart, a broken one fails pulls, not the daemon.
        RegistryCredentials credentials = settings.credentialsFile().isPresent()
                ? RegistryCredentials.load(settings.credentialsFile().get()) : RegistryCredentials.none();
        Optional<String> basic = credentials.basicAuthorization(registry);
        basic.ifPresent(a -> req.header("Authorization", a));
        HttpResponse<InputStream> resp = raw(req.build());
        byte[] body;
        try (InputStream in = resp.body()) {
            body = in.readNBytes(MAX_TOKEN_RESPONSE + 1);
        }
        if (resp.statusCode() != 200) {
            throw new AppsException("registry " + registry + ": token service " + realm.getAuthority() + ": HTTP "
                    + resp.statusCode() + (basic.isPresent() ? "" : " (the credentials file has no entry for " + registry + ")"));
        }
        return TokenResponse.token(body, "registry " + registry + ": token service " + realm.getAuthority());
    }

    private HttpResponse<InputStream> raw(HttpRequest req) throws IOException {
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
