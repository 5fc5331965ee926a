package dev.twinroot.supervisor.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A Docker / OCI token service for tests, on loopback: it checks HTTP Basic credentials (one user) and answers
 * {@code {"token": JWT}}, an RS256 JWT with the certificate in {@code x5c}, the claims distribution's
 * {@code auth: token} checks (issuer, audience, times, {@code access}), granting what the scope asks. The key and
 * self-signed certificate come from the real openssl. Anonymous requests get 401.
 */
public final class TestTokenServer implements AutoCloseable {

    public static final String ISSUER = "twinroot-test-issuer";
    public static final String SERVICE = "twinroot-test-registry";
    static final ExternalTool OPENSSL = new ExternalTool("openssl", "openssl");

    private final HttpServer server;
    private final Path certificate;
    private final PrivateKey key;
    private final String x5c;
    private final String basic;
    /** The Authorization header of each token request ("" when none), in order. */
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    private TestTokenServer(HttpServer server, Path certificate, PrivateKey key, String x5c, String basic) {
        this.server = server;
        this.certificate = certificate;
        this.key = key;
        this.x5c = x5c;
        this.basic = basic;
    }

    public static TestTokenServer start(Path dir, String user, String password) throws Exception {
        Path keyFile = dir.resolve("token-key.pem");
        Path cert = dir.resolve("token-cert.pem");
        Process p = new ProcessBuilder(OPENSSL.require().toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", keyFile.toString(), "-out", cert.toString(), "-subj", "/CN=twinroot-test-token", "-days", "2")
                .redirectErrorStream(true).redirectOutput(dir.resolve("openssl.log").toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl req failed: " + Files.readString(dir.resolve("openssl.log")));
        }
        String pem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        X509Certificate x509;
        try (var in = Files.newInputStream(cert)) {
            x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        TestTokenServer t = new TestTokenServer(server, cert, key, Base64.getEncoder().encodeToString(x509.getEncoded()),
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        server.createContext("/token", t::handle);
        server.start();
        return t;
    }

    /** {@code http://127.0.0.1:PORT/token}. */
    public String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    public Path certificate() {
        return certificate;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** A token for {@code repository} with {@code actions}, as the service would give the right user. */
    public String issue(String repository, List<String> actions) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String access = "[{\"type\":\"repository\",\"name\":\"" + repository + "\",\"actions\":["
                + String.join(",", actions.stream().map(a -> "\"" + a + "\"").toList()) + "]}]";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"x5c\":[\"" + x5c + "\"]}";
        String claims = "{\"iss\":\"" + ISSUER + "\",\"sub\":\"device\",\"aud\":\"" + SERVICE + "\",\"exp\":" + (now + 600)
                + ",\"nbf\":" + (now - 60) + ",\"iat\":" + now + ",\"jti\":\"" + UUID.randomUUID() + "\",\"access\":"
                + access + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(key);
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + b64.encodeToString(s.sign());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String auth = Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization")).orElse("");
            requests.add(auth);
            String query = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
            String scope = "";
            String service = "";
            for (String kv : query.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    String v = URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
                    if (kv.startsWith("scope=")) {
                        scope = v;
                    } else if (kv.startsWith("service=")) {
                        service = v;
                    }
                }
            }
            if (!auth.equals(basic) || !service.equals(SERVICE)) {
                ex.sendResponseHeaders(401, -1);
                return;
            }
            String[] parts = scope.split(":");
            byte[] body;
            try {
                body = ("{\"token\":\"" + issue(parts.length == 3 ? parts[1] : "", parts.length == 3
                        ? List.of(parts[2].split(",")) : List.of()) + "\",\"expires_in\":600}").getBytes(StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IOException(e);
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
