package dev.twinroot.updater.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A throw-away PKI for development: a self-signed CA and one code-signing certificate it issued. The CA's
 * private key is discarded once the signing certificate exists, so a leaked development directory can sign
 * bundles but never mint new identities.
 */
public record DevelopmentCa(X509Certificate ca, PrivateKey signingKey, X509Certificate signingCertificate) {

    public static final String CA_FILE = "ca.pem";
    public static final String KEY_FILE = "signing.key";
    public static final String CERT_FILE = "signing.pem";
    static final Duration CA_LIFETIME = Duration.ofDays(3650);
    static final Duration SIGNING_LIFETIME = Duration.ofDays(730);
    /** Backdated an hour so a board whose clock is a little behind still accepts a fresh certificate. */
    static final Duration BACKDATE = Duration.ofHours(1);

    public static DevelopmentCa generate(KeyAlgorithm algorithm, Instant now, String name) {
        SecureRandom random = new SecureRandom();
        KeyPair caKeys = algorithm.generate();
        Instant from = now.minus(BACKDATE);
        X509Certificate ca = CertificateIssuer.selfSignedCa("CN=" + name + " development CA,O=Twinroot", caKeys, from,
                now.plus(CA_LIFETIME), random);
        KeyPair signing = algorithm.generate();
        X509Certificate cert = CertificateIssuer.of(ca, caKeys.getPrivate(), random).issue(
                "CN=" + name + " development signing,O=Twinroot", signing.getPublic(), from,
                now.plus(SIGNING_LIFETIME), CertificateProfile.CODE_SIGNING);
        return new DevelopmentCa(ca, signing.getPrivate(), cert);
    }

    /** Never prints the key (see {@link SigningKey#toString()}). */
    @Override
    public String toString() {
        return "DevelopmentCa[" + signingCertificate.getSubjectX500Principal().getName() + "]";
    }

    public SigningKey signingKeyPair() {
        return new SigningKey(signingKey, signingCertificate, List.of());
    }

    /** Writes ca.pem, signing.key (mode 0600) and signing.pem into {@code dir}; refuses if any already exists. */
    public List<Path> writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Path> files = List.of(dir.resolve(CA_FILE), dir.resolve(KEY_FILE), dir.resolve(CERT_FILE));
        for (Path f : files) {
            if (Files.exists(f)) {
                throw new java.nio.file.FileAlreadyExistsException(f + " already exists: refusing to overwrite keys");
            }
        }
        Pem.writeNew(files.get(1), Pem.encode(signingKey), true);
        Pem.writeNew(files.get(2), Pem.encode(signingCertificate), false);
        Pem.writeNew(files.get(0), Pem.encode(ca), false);
        return files;
    }
}
