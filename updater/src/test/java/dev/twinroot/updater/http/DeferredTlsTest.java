package dev.twinroot.updater.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DeferredTls}: plain http never sets TLS up; https through it still checks the server's certificate and
 * its host name, as a client with the JDK's own defaults does.
 */
class DeferredTlsTest {

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void plainHttpNeverMakesTheTlsContext() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serveHello(server);
        AtomicInteger made = new AtomicInteger();
        HttpClient client = client(() -> {
            made.incrementAndGet();
            throw new AssertionError("TLS set up for a plain http request");
        });
        assertEquals("hello", get(client, "http://127.0.0.1:" + server.getAddress().getPort() + "/"));
        assertEquals(0, made.get());
    }

    @Test
    void httpsToATrustedServerWorksAndMakesTheContextOnce() throws Exception {
        Tls tls = Tls.forHost("localhost");
        server = https(tls);
        AtomicInteger made = new AtomicInteger();
        HttpClient client = client(() -> {
            made.incrementAndGet();
            return tls.clientTrusting();
        });
        String url = "https://localhost:" + server.getAddress().getPort() + "/";
        assertEquals("hello", get(client, url));
        assertEquals("hello", get(client, url));
        assertEquals(1, made.get());
    }

    @Test
    void httpsToAServerWithAnUntrustedCertificateIsRefused() throws Exception {
        server = https(Tls.forHost("localhost"));
        Tls other = Tls.forHost("localhost");
        HttpClient client = client(other::clientTrusting);
        assertThrows(IOException.class, () -> get(client, "https://localhost:" + server.getAddress().getPort() + "/"));
    }

    @Test
    void httpsToATrustedCertificateForAnotherHostIsRefused() throws Exception {
        Tls tls = Tls.forHost("updates.example.com");
        server = https(tls);
        HttpClient client = client(tls::clientTrusting);
        IOException e = assertThrows(IOException.class,
                () -> get(client, "https://localhost:" + server.getAddress().getPort() + "/"));
        // The certificate is trusted: what is refused is the name (the JDK says "No name matching localhost found").
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t).append(" | ");
        }
        assertTrue(chain.toString().contains("localhost"), chain.toString());
    }

    @Test
    void theDefaultBuilderSpeaksPlainHttp() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        serveHello(server);
        HttpClient client = DeferredTls.httpClient().connectTimeout(Duration.ofSeconds(10)).build();
        assertEquals("hello", get(client, "http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    private static HttpClient client(Supplier<SSLContext> context) {
        return DeferredTls.withContext(HttpClient.newBuilder(), DeferredTls.deferred(context))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static void serveHello(HttpServer s) {
        s.createContext("/", exchange -> {
            byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        s.start();
    }

    private static HttpsServer https(Tls tls) throws Exception {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls.server()));
        serveHello(s);
        return s;
    }

    /** A self-signed server certificate for one DNS name, and contexts for the server and a client trusting it. */
    private record Tls(KeyPair keys, X509Certificate certificate) {

        static Tls forHost(String host) throws Exception {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            KeyPair keys = g.generateKeyPair();
            X500Name name = new X500Name("CN=" + host);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)), Date.from(now.plusSeconds(3600)), name, keys.getPublic());
            b.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            return new Tls(keys, cert);
        }

        SSLContext server() throws Exception {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", keys.getPrivate(), new char[0], new X509Certificate[] {certificate});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, new char[0]);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(kmf.getKeyManagers(), null, null);
            return c;
        }

        SSLContext clientTrusting() {
            try {
                KeyStore ts = KeyStore.getInstance("PKCS12");
                ts.load(null, null);
                ts.setCertificateEntry("server", certificate);
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ts);
                SSLContext c = SSLContext.getInstance("TLS");
                c.init(null, tmf.getTrustManagers(), null);
                return c;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
