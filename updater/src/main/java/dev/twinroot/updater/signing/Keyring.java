package dev.twinroot.updater.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The CA certificates a device trusts to sign bundles: every {@code *.pem} / {@code *.crt} file in one
 * directory (e.g. {@code /etc/twinroot/keyring}). Adding a file adds a CA; a fleet rotates keys by shipping
 * the next CA before bundles are signed with it. Only CA certificates are accepted, so a leaf certificate
 * copied there by mistake is reported instead of silently trusted.
 */
public final class Keyring {

    private final List<X509Certificate> cas;

    private Keyring(List<X509Certificate> cas) {
        this.cas = List.copyOf(cas);
    }

    public static Keyring of(List<X509Certificate> cas) throws KeyringException {
        if (cas.isEmpty()) {
            throw new KeyringException("the keyring holds no CA certificate: no bundle could ever be trusted");
        }
        for (X509Certificate ca : cas) {
            checkCa(ca, "keyring certificate");
        }
        return new Keyring(cas);
    }

    public static Keyring load(Path dir) throws KeyringException {
        if (!Files.isDirectory(dir)) {
            throw new KeyringException("keyring " + dir + " is not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".pem")
                    || p.getFileName().toString().endsWith(".crt")).sorted().toList();
        } catch (IOException e) {
            throw new KeyringException("cannot list keyring " + dir + ": " + e.getMessage(), e);
        }
        List<X509Certificate> cas = new ArrayList<>();
        for (Path f : files) {
            for (X509Certificate c : Pem.readCertificates(f)) {
                checkCa(c, f.toString());
                cas.add(c);
            }
        }
        if (cas.isEmpty()) {
            throw new KeyringException("keyring " + dir + " holds no *.pem or *.crt CA certificate");
        }
        return new Keyring(cas);
    }

    private static void checkCa(X509Certificate c, String where) throws KeyringException {
        if (c.getBasicConstraints() < 0) {
            throw new KeyringException(where + ": " + Names.of(c.getSubjectX500Principal())
                    + " is not a CA certificate (basicConstraints CA is not set)");
        }
        boolean[] ku = c.getKeyUsage();
        if (ku != null && (ku.length < 6 || !ku[5])) {
            throw new KeyringException(where + ": " + Names.of(c.getSubjectX500Principal())
                    + " may not sign certificates (keyCertSign key usage missing)");
        }
    }

    public List<X509Certificate> certificates() {
        return cas;
    }

    Set<TrustAnchor> anchors() {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate c : cas) {
            anchors.add(new TrustAnchor(c, null));
        }
        return anchors;
    }
}
