package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.build.DevKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JRE's {@code cacerts} made from a tree laid out as Debian's unpacked packages leave it (a dangling link
 * to {@code /etc/ssl/certs/java/cacerts}, the certificates of ca-certificates, here this host's own copies), plus
 * an extra CA: the store loads as the JRE loads it, a trust manager made from it accepts exactly those issuers,
 * and a rebuild writes the same bytes.
 */
class JavaTrustStoreTest {
    private static final Path HOST_CERTIFICATES = Path.of("/usr/share/ca-certificates/mozilla");

    @TempDir
    Path dir;

    @Test
    void theJresDanglingCacertsBecomesAStoreOfDebiansAndTheExtraCas() throws Exception {
        Path tree = debianTree(dir.resolve("tree"));
        Path extra = new DevKeys(dir.resolve("keys")).caCertificate();
        new DevKeys(dir.resolve("keys")).signingKey(); // creates the development CA
        JavaTrustStore.Result result = new JavaTrustStore(List.of(extra)).install(tree);

        assertEquals(List.of("etc/ssl/certs/java/cacerts"), result.stores());
        assertEquals(3, result.debianCertificates());
        assertEquals(1, result.extraCertificates());
        // The link is absolute: on this host it would lead to the host's own store, so it is resolved by hand.
        Path link = tree.resolve("usr/lib/jvm/java-17-openjdk-arm64/lib/security/cacerts");
        assertEquals(Path.of("/etc/ssl/certs/java/cacerts"), Files.readSymbolicLink(link));
        Path cacerts = tree.resolve("etc/ssl/certs/java/cacerts");
        assertTrue(Files.isRegularFile(cacerts), "the JRE's link resolves inside the image now");

        // As the JRE opens its default store: type detected from the bytes, no password; or with the customary one.
        KeyStore ks = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
        assertEquals(4, ks.size());
        assertEquals(4, KeyStore.getInstance(cacerts.toFile(), "changeit".toCharArray()).size());
        List<String> aliases = Collections.list(ks.aliases());
        assertTrue(aliases.contains("debian:accvraiz1.pem"), aliases.toString());
        assertTrue(aliases.contains("twinroot:ca.pem"), aliases.toString());
        X509Certificate ca = read(extra).get(0);
        assertEquals(ca, ks.getCertificate("twinroot:ca.pem"));
        for (Path crt : hostCertificates()) {
            X509Certificate c = read(crt).get(0);
            assertTrue(ks.getCertificateAlias(c) != null, crt + " is in the store");
        }

        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        X509Certificate[] issuers = ((X509TrustManager) tmf.getTrustManagers()[0]).getAcceptedIssuers();
        assertEquals(4, issuers.length);
        assertTrue(Arrays.asList(issuers).contains(ca));

        String bundle = Files.readString(tree.resolve(JavaTrustStore.PEM_BUNDLE));
        assertEquals(4, read(tree.resolve(JavaTrustStore.PEM_BUNDLE)).size(), bundle);

        byte[] first = Files.readAllBytes(cacerts);
        Path again = debianTree(dir.resolve("again"));
        new JavaTrustStore(List.of(extra)).install(again);
        assertArrayEquals(first, Files.readAllBytes(again.resolve("etc/ssl/certs/java/cacerts")), "rebuilt byte for byte");
    }

    @Test
    void anExistingStoreIsKeptAndAFileWithoutCertificatesIsRefused() throws Exception {
        Path tree = debianTree(dir.resolve("tree"));
        Path store = Files.createDirectories(tree.resolve("etc/ssl/certs/java")).resolve("cacerts");
        Files.write(store, new byte[] {1, 2, 3});
        assertEquals(List.of(), new JavaTrustStore(List.of()).install(tree).stores());
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(store));

        Path notPem = Files.writeString(dir.resolve("empty.pem"), "no certificate here\n");
        ImageException e = assertThrows(ImageException.class,
                () -> new JavaTrustStore(List.of(notPem)).install(debianTree(dir.resolve("other"))));
        assertTrue(e.getMessage().contains("empty.pem"), e.getMessage());
    }

    @Test
    void aTreeWithoutJavaGetsNoStore() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("bare/etc"));
        assertEquals(new JavaTrustStore.Result(List.of(), 0, 0), new JavaTrustStore(List.of()).install(tree.getParent()));
    }

    private Path debianTree(Path tree) throws IOException {
        Path security = Files.createDirectories(tree.resolve("usr/lib/jvm/java-17-openjdk-arm64/lib/security"));
        Files.createSymbolicLink(security.resolve("cacerts"), Path.of("/etc/ssl/certs/java/cacerts"));
        Files.createSymbolicLink(tree.resolve("usr/lib/jvm/java-1.17.0-openjdk-arm64"), Path.of("java-17-openjdk-arm64"));
        Path mozilla = Files.createDirectories(tree.resolve("usr/share/ca-certificates/mozilla"));
        for (Path crt : hostCertificates()) {
            Files.copy(crt, mozilla.resolve(crt.getFileName()));
        }
        return tree;
    }

    private static List<Path> hostCertificates() throws IOException {
        try (Stream<Path> s = Files.list(HOST_CERTIFICATES)) {
            return s.filter(p -> p.toString().endsWith(".crt")).sorted().limit(3).toList();
        }
    }

    private static List<X509Certificate> read(Path pem) throws Exception {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> (X509Certificate) c).toList();
        }
    }
}
