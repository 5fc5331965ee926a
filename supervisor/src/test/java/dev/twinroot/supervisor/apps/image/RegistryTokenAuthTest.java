package dev.twinroot.supervisor.apps.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestRegistry;
import dev.twinroot.supervisor.apps.TestTokenServer;
import dev.twinroot.supervisor.apps.target.ImageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pulls from a real registry (Debian's docker-registry, {@code auth: token}) that trusts a real token service
 * on loopback: the Docker / OCI Bearer flow with credentials from a root-only file.
 */
class RegistryTokenAuthTest {

    static TestTokenServer tokens;
    static TestRegistry registry;
    static TestImages.Image image;

    @TempDir
    static Path serverDir;
    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestRegistry.REGISTRY.isPresent(), "needs docker-registry: apt-get install docker-registry");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        tokens = TestTokenServer.start(serverDir, "device-7", "s3cret:with colon");
        registry = TestRegistry.startWithTokens(Files.createDirectories(serverDir.resolve("registry")), tokens);
        image = TestImages.busybox("1.0", List.of("/bin/sh"));
        TestImages.push(image, registry.address(), "acme/app", Optional.of(tokens.issue("acme/app", List.of("pull", "push"))));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
        if (tokens != null) {
            tokens.close();
        }
    }

    Path credentials(String json, String mode) throws Exception {
        Path f = dir.resolve("registry-credentials.json");
        Files.writeString(f, json);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        return f;
    }

    ImageRef ref() throws Exception {
        return ImageRef.parse(registry.address() + "/acme/app@" + image.digest(), "image");
    }

    @Test
    void pullsWithATokenForTheCredentialsInARootOnlyFile() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a root-only file must be owned by root");
        Path file = credentials("{\"registries\": {\"" + registry.address() + "\": {\"username\": \"device-7\","
                + " \"password\": \"s3cret:with colon\"}}}", "rw-------");
        int before = tokens.requests().size();
        RegistryClient client = new RegistryClient(Duration.ofSeconds(30),
                new RegistrySettings(Set.of(), Optional.of(file)));
        StoredImage s = client.pull(ref(), new ImageStore(dir.resolve("store")), RegistryClientTest.AMD64);
        assertEquals(image.digest(), s.manifest());
        List<String> asked = tokens.requests().subList(before, tokens.requests().size());
        assertEquals(1, asked.size(), "one token for the repository, reused for every blob: " + asked);
        assertTrue(asked.get(0).startsWith("Basic "));
        assertTrue(registry.log().contains("\"GET /v2/acme/app/manifests/" + image.digest() + " HTTP/1.1\" 401"),
                "the registry asked for a token first");
    }

    @Test
    void withoutCredentialsTheTokenServiceRefusesAndTheMessageSaysWhy() throws Exception {
        AppsException e = assertThrows(AppsException.class, () -> new RegistryClient(Duration.ofSeconds(30))
                .pull(ref(), new ImageStore(dir.resolve("store")), RegistryClientTest.AMD64));
        assertEquals("registry " + registry.address() + ": token service " + tokens.realm().substring(7, tokens.realm()
                .indexOf("/token")) + ": HTTP 401 (the credentials file has no entry for " + registry.address() + ")",
                e.getMessage());
    }

    @Test
    void aCredentialsFileOthersMayReadIsRefusedBeforeItIsRead() throws Exception {
        Path file = credentials("{\"registries\": {}}", "rw-r--r--");
        RegistryClient client = new RegistryClient(Duration.ofSeconds(30), new RegistrySettings(Set.of(), Optional.of(file)));
        AppsException e = assertThrows(AppsException.class,
                () -> client.pull(ref(), new ImageStore(dir.resolve("store")), RegistryClientTest.AMD64));
        assertTrue(e.getMessage().startsWith(file + ": registry credentials must be a regular file owned by root with"
                + " mode 0600 or 0400, found owner "), e.getMessage());
        assertTrue(e.getMessage().endsWith(" mode 644"), e.getMessage());
    }

    @Test
    void plainHttpOnlyForLoopbackAndListedRegistries() {
        RegistryClient strict = new RegistryClient(Duration.ofSeconds(1));
        RegistryClient listed = new RegistryClient(Duration.ofSeconds(1),
                new RegistrySettings(Set.of("10.0.2.100:5000"), Optional.empty()));
        assertEquals("https://10.0.2.100:5000/v2/acme/app/", strict.base("10.0.2.100:5000", "acme/app").toString());
        assertEquals("http://10.0.2.100:5000/v2/acme/app/", listed.base("10.0.2.100:5000", "acme/app").toString());
        assertEquals("https://10.0.2.100/v2/acme/app/", listed.base("10.0.2.100", "acme/app").toString(),
                "the port is part of the name that is listed");
        assertEquals("http://127.0.0.1:5000/v2/a/", strict.base("127.0.0.1:5000", "a").toString());
    }

    @Test
    void aPlainHttpTokenServiceForARegistryNotListedIsRefused() throws Exception {
        RegistryClient client = new RegistryClient(Duration.ofSeconds(1));
        BearerChallenge c = BearerChallenge.parse("Bearer realm=\"http://auth.example.com/token\",service=\"r\"")
                .orElseThrow();
        AppsException e = assertThrows(AppsException.class, () -> client.token(c, "registry.example.com"));
        assertEquals("registry registry.example.com: its token service auth.example.com is plain HTTP and not listed"
                + " in apps.registries.insecure", e.getMessage());
    }
}
