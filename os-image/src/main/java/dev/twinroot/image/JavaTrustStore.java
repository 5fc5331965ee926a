package dev.twinroot.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Java runtime's trust store ({@code lib/security/cacerts}), made at image build. Debian's JRE links
 * {@code cacerts} to {@code /etc/ssl/certs/java/cacerts}, which ca-certificates-java creates when the package
 * is configured: never, in a tree of unpacked packages, so HTTPS from the device's JVM would fail. This writes
 * that file as a password-less PKCS12 store (no random salt, so rebuilds are byte-identical) holding every
 * certificate of Debian's {@code ca-certificates} ({@code /usr/share/ca-certificates}, all enabled, as Debian's
 * default) and the image's extra CA certificates (a private update server), and the PEM bundle
 * {@code /etc/ssl/certs/ca-certificates.crt} other TLS clients read, when the tree has none.
 */
public final class JavaTrustStore {
    static final String JVM_DIR = "usr/lib/jvm";
    static final String CACERTS = "lib/security/cacerts";
    static final String DEBIAN_CERTIFICATES = "usr/share/ca-certificates";
    static final String PEM_BUNDLE = "etc/ssl/certs/ca-certificates.crt";

    /**
     * @param stores the trust store files written, relative to the tree (one per JRE whose link dangled)
     * @param debianCertificates certificates taken from the tree's ca-certificates
     * @param extraCertificates certificates taken from the extra PEM files
     */
    public record Result(List<String> stores, int debianCertificates, int extraCertificates) {
        public Result {
            stores = List.copyOf(stores);
        }
    }

    private final List<Path> extraPemFiles;

    /** @param extraPemFiles PEM files of CA certificates the device trusts for TLS besides Debian's */
    public JavaTrustStore(List<Path> extraPemFiles) {
        this.extraPemFiles = List.copyOf(extraPemFiles);
    }

    public Result install(Path tree) throws IOException {
        List<Named> debian = debianCertificates(tree);
        List<Named> extra = new ArrayList<>();
        for (Path pem : extraPemFiles) {
            List<X509Certificate> certs = read(pem);
            if (certs.isEmpty()) {
                throw new ImageException("CA certificate file " + pem + ": no PEM certificate in it");
            }
            for (int i = 0; i < certs.size(); i++) {
                extra.add(new Named("twinroot:" + pem.getFileName() + (certs.size() > 1 ? "-" + (i + 1) : ""),
                        certs.get(i)));
            }
        }
        List<Named> all = new ArrayList<>(debian);
        all.addAll(extra);
        List<String> written = new ArrayList<>();
        for (String link : cacertsLinks(tree)) {
            Path target = TreePaths.resolve(tree, link, 0);
            if (Files.exists(target)) {
                if (!extra.isEmpty()) {
                    throw new ImageException(link + " is already a trust store in this rootfs (its ca-certificates-java"
                            + " ran); the extra CA certificates cannot be added to it: add them in the rootfs instead");
                }
                continue;
            }
            Files.createDirectories(target.getParent());
            Files.write(target, store(all));
            written.add(tree.relativize(target).toString());
        }
        Path bundle = TreePaths.resolveParent(tree, PEM_BUNDLE);
        if (!all.isEmpty() && !Files.exists(bundle, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(bundle.getParent());
            Files.writeString(bundle, pem(all), StandardCharsets.US_ASCII);
        }
        return new Result(written, debian.size(), extra.size());
    }

    private record Named(String alias, X509Certificate certificate) {
    }

    /** {@code usr/lib/jvm/NAME/lib/security/cacerts} of every JRE directory (links to JREs are the same JRE). */
    private static List<String> cacertsLinks(Path tree) throws IOException {
        Path jvm = tree.resolve(JVM_DIR);
        List<String> links = new ArrayList<>();
        if (!Files.isDirectory(jvm, LinkOption.NOFOLLOW_LINKS)) {
            return links;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(jvm)) {
            for (Path jre : entries) {
                Path cacerts = jre.resolve(CACERTS);
                if (Files.isDirectory(jre, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(cacerts)) {
                    links.add(tree.relativize(cacerts).toString());
                }
            }
        }
        links.sort(null);
        return links;
    }

    private static List<Named> debianCertificates(Path tree) throws IOException {
        Path dir = tree.resolve(DEBIAN_CERTIFICATES);
        List<Named> named = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return named;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith(".crt")).sorted().toList();
        }
        for (Path file : files) {
            // ca-certificates-java's alias: "debian:" and the file name as /etc/ssl/certs links it (.pem).
            String name = file.getFileName().toString();
            String alias = "debian:" + name.substring(0, name.length() - 4).toLowerCase(Locale.ROOT) + ".pem";
            for (X509Certificate c : read(file)) {
                named.add(new Named(alias, c));
            }
        }
        return named;
    }

    private static List<X509Certificate> read(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            return certs;
        } catch (GeneralSecurityException e) {
            throw new ImageException("CA certificate file " + pem + ": not PEM X.509 certificates (" + e.getMessage()
                    + ")", e);
        }
    }

    /**
     * A PKCS12 store without certificate encryption and without MAC, as the JDK's own {@code cacerts} is made:
     * nothing random goes in, and the JRE, which opens its default store without a password, sees every
     * certificate (an encrypted certificate bag is invisible without the password). The JDK takes these two
     * choices only from system or security properties, read when the store is created and saved; they are set
     * for that moment and restored, under one lock.
     */
    private static byte[] store(List<Named> certificates) throws IOException {
        synchronized (PKCS12_PROPERTIES) {
            List<String> previous = new ArrayList<>();
            for (String p : PKCS12_PROPERTIES) {
                previous.add(System.getProperty(p));
                System.setProperty(p, "NONE");
            }
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                for (Named n : certificates) {
                    if (ks.containsAlias(n.alias())) {
                        throw new ImageException("trust store alias " + n.alias() + " is taken: two CA files share a name");
                    }
                    ks.setCertificateEntry(n.alias(), n.certificate());
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ks.store(out, new char[0]);
                return out.toByteArray();
            } catch (GeneralSecurityException e) {
                throw new ImageException("cannot write the Java trust store: " + e.getMessage(), e);
            } finally {
                for (int i = 0; i < PKCS12_PROPERTIES.size(); i++) {
                    if (previous.get(i) == null) {
                        System.clearProperty(PKCS12_PROPERTIES.get(i));
                    } else {
                        System.setProperty(PKCS12_PROPERTIES.get(i), previous.get(i));
                    }
                }
            }
        }
    }

    private static final List<String> PKCS12_PROPERTIES =
            List.of("keystore.pkcs12.certProtectionAlgorithm", "keystore.pkcs12.macAlgorithm");

    private static String pem(List<Named> certificates) throws IOException {
        StringBuilder s = new StringBuilder();
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
        for (Named n : certificates) {
            try {
                s.append("-----BEGIN CERTIFICATE-----\n").append(base64.encodeToString(n.certificate().getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            } catch (GeneralSecurityException e) {
                throw new ImageException("certificate " + n.alias() + " cannot be encoded", e);
            }
        }
        return s.toString();
    }
}
