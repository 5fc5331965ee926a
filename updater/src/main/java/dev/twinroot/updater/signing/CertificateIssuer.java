package dev.twinroot.updater.signing;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Issues X.509 certificates with Bouncy Castle: a self-signed CA, or a certificate signed by a CA's key.
 * For development CAs and tests; production fleets use their own PKI.
 */
public final class CertificateIssuer {

    private final X500Principal issuer;
    private final PrivateKey issuerKey;
    private final PublicKey issuerPublicKey;
    private final SecureRandom random;

    private CertificateIssuer(X500Principal issuer, PrivateKey issuerKey, PublicKey issuerPublicKey,
            SecureRandom random) {
        this.issuer = issuer;
        this.issuerKey = issuerKey;
        this.issuerPublicKey = issuerPublicKey;
        this.random = random;
    }

    /** An issuer that signs with the CA's key; {@code caCertificate} provides its name and key identifier. */
    public static CertificateIssuer of(X509Certificate caCertificate, PrivateKey caKey, SecureRandom random) {
        return new CertificateIssuer(caCertificate.getSubjectX500Principal(), caKey, caCertificate.getPublicKey(),
                random);
    }

    /** Creates a self-signed CA certificate for {@code keys}. */
    public static X509Certificate selfSignedCa(String subject, KeyPair keys, Instant notBefore, Instant notAfter,
            SecureRandom random) {
        X500Principal name = new X500Principal(subject);
        return new CertificateIssuer(name, keys.getPrivate(), keys.getPublic(), random)
                .issue(subject, keys.getPublic(), notBefore, notAfter, CertificateProfile.CA);
    }

    public X509Certificate issue(String subject, PublicKey subjectKey, Instant notBefore, Instant notAfter,
            CertificateProfile profile) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, random).add(BigInteger.ONE),
                    Date.from(notBefore), Date.from(notAfter), new X500Principal(subject), subjectKey);
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            if (profile.ca()) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = profile.digitalSignature() ? KeyUsage.digitalSignature : KeyUsage.keyEncipherment;
                b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
            }
            if (profile.codeSigningEku()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            } else if (!profile.ca()) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            }
            String alg = KeyAlgorithm.of(issuerKey)
                    .orElseThrow(() -> new IllegalArgumentException("unsupported CA key type " + issuerKey.getAlgorithm()))
                    .signatureAlgorithm();
            return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(issuerKey)));
        } catch (CertIOException | CertificateException | OperatorCreationException
                | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot issue a certificate for " + subject, e);
        }
    }
}
