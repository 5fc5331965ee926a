package dev.twinroot.updater.signing;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

/** PEM files in and out: certificates (one or more per file) and unencrypted private keys (PKCS#8 or OpenSSL). */
public final class Pem {

    private Pem() {}

    /**
     * The certificates of a PEM file, read with the JDK's own X.509 factory rather than Bouncy Castle's PEM parser:
     * the daemon loads its keyring at every start, and Bouncy Castle's converter first walks the JCA providers
     * (loading PKCS#11 among them), which cost about 10 s of that start under QEMU's emulation.
     */
    public static List<X509Certificate> readCertificates(Path file) throws KeyringException {
        List<X509Certificate> certs = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                if (!(c instanceof X509Certificate x509)) {
                    throw new KeyringException(file + ": expected X.509 certificates, found " + c.getType());
                }
                certs.add(x509);
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new KeyringException(file + ": not a readable PEM certificate file (" + e.getMessage() + ")", e);
        }
        if (certs.isEmpty()) {
            throw new KeyringException(file + ": holds no PEM certificate");
        }
        return certs;
    }

    public static PrivateKey readPrivateKey(Path file) throws KeyringException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII); PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair pair) {
                return converter.getPrivateKey(pair.getPrivateKeyInfo());
            }
            throw new KeyringException(file + ": expected an unencrypted PEM private key");
        } catch (IOException | RuntimeException e) {
            throw new KeyringException(file + ": not a readable PEM private key (" + e.getMessage() + ")", e);
        }
    }

    public static String encode(Object... objects) {
        StringWriter s = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(s)) {
            for (Object o : objects) {
                if (o instanceof PrivateKey key) {
                    // PKCS#8 for every key type: OpenSSL and Bouncy Castle both read it back.
                    w.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    w.writeObject(o);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing PEM to a string cannot fail", e);
        }
        return s.toString();
    }

    /** Writes a new file; a private key gets mode 0600 from the moment it exists. Never overwrites. */
    static void writeNew(Path file, String pem, boolean secret) throws IOException {
        if (Files.exists(file)) {
            throw new FileAlreadyExistsException(file + " already exists: refusing to overwrite a key or certificate");
        }
        if (secret) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        }
    }
}
