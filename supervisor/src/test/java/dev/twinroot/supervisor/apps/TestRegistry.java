package dev.twinroot.supervisor.apps;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI distribution registry (Debian's docker-registry, the CNCF distribution 2.8) on a free loopback
 * port with its storage in a temporary directory; closing it stops the process. Its access log lands in
 * {@code registry.log} in that directory, so tests can see which requests (e.g. Range) the client sent.
 */
public final class TestRegistry implements AutoCloseable {

    public static final ExternalTool REGISTRY = new ExternalTool("docker-registry", "docker-registry");
    private final Process process;
    private final String address;
    private final Path log;

    private TestRegistry(Process process, String address, Path log) {
        this.process = process;
        this.address = address;
        this.log = log;
    }

    public static TestRegistry start(Path dir) throws IOException, InterruptedException {
        return start(dir, "");
    }

    /**
     * A registry that demands tokens from {@code tokens} (distribution's {@code auth: token}: it trusts tokens
     * signed by the key whose certificate the token server wrote).
     */
    public static TestRegistry startWithTokens(Path dir, TestTokenServer tokens) throws IOException, InterruptedException {
        return start(dir, "auth:\n  token:\n    realm: " + tokens.realm() + "\n    service: " + TestTokenServer.SERVICE
                + "\n    issuer: " + TestTokenServer.ISSUER + "\n    rootcertbundle: " + tokens.certificate() + "\n");
    }

    private static TestRegistry start(Path dir, String auth) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String address = "127.0.0.1:" + port;
        Path config = dir.resolve("config.yml");
        Files.writeString(config, "version: 0.1\nlog:\n  level: info\n  accesslog:\n    disabled: false\nstorage:\n"
                + "  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: " + address + "\n  secret: test-only-secret\n" + auth);
        Path log = dir.resolve("registry.log");
        List<String> cmd = new ArrayList<>(List.of(REGISTRY.require().toString(), "serve", config.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TestRegistry r = new TestRegistry(p, address, log);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == (auth.isEmpty() ? 200 : 401)) {
                    return r;
                }
            } catch (IOException notYet) {
                // still starting
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(100);
        }
        r.close();
        throw new IOException("docker-registry did not start on " + address + ": " + Files.readString(log));
    }

    /** {@code 127.0.0.1:PORT}, as an image reference names it. */
    public String address() {
        return address;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
