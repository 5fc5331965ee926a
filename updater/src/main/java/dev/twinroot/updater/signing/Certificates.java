package dev.twinroot.updater.signing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * X.509 certificates made by the JDK's own factory. Bouncy Castle's {@code JcaX509CertificateConverter} does the
 * same after walking the JCA providers (loading PKCS#11 among them), which cost seconds of every install's and
 * every daemon start's time under QEMU's emulation.
 */
final class Certificates {

    private Certificates() {}

    static X509Certificate of(X509CertificateHolder holder) throws CertificateException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(holder.getEncoded()));
        } catch (IOException e) {
            throw new CertificateException("cannot encode the certificate: " + e.getMessage(), e);
        }
    }
}
