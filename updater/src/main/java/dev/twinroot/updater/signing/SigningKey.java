package dev.twinroot.updater.signing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.util.ArrayList;
import java.util.List;

/**
 * A private key with its certificate, and the intermediate CA certificates (if any) to ship with each
 * signature so a device can build the chain up to the CA in its keyring.
 */
public record SigningKey(PrivateKey key, X509Certificate certificate, List<X509Certificate> intermediates) {

    public SigningKey {
        intermediates = List.copyOf(intermediates);
    }

    /** Never prints the key: some JDK key classes print private components in their own toString. */
    @Override
    public String toString() {
        return "SigningKey[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    public KeyAlgorithm algorithm() throws KeyringException {
        return KeyAlgorithm.of(key).orElseThrow(() -> new KeyringException("unsupported key type "
                + key.getAlgorithm() + ": expected ECDSA P-256, Ed25519 or RSA"));
    }

    /**
     * Loads a key file and a certificate file. The certificate file holds the signing certificate first,
     * optionally followed by intermediate CA certificates.
     */
    public static SigningKey load(Path keyFile, Path certFile) throws KeyringException {
        PrivateKey key = Pem.readPrivateKey(keyFile);
        List<X509Certificate> certs = Pem.readCertificates(certFile);
        SigningKey sk = new SigningKey(key, certs.get(0), new ArrayList<>(certs.subList(1, certs.size())));
        sk.checkMatches(keyFile, certFile);
        return sk;
    }

    private void checkMatches(Path keyFile, Path certFile) throws KeyringException {
        KeyAlgorithm alg = algorithm();
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < KeyAlgorithm.MIN_RSA_BITS) {
            throw new KeyringException(keyFile + ": RSA key of " + rsa.getModulus().bitLength() + " bits, at least "
                    + KeyAlgorithm.MIN_RSA_BITS + " required");
        }
        byte[] probe = "twinroot key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(alg.signatureAlgorithm());
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg.signatureAlgorithm());
            v.initVerify(certificate.getPublicKey());
            v.update(probe);
            if (v.verify(sig)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // A key of another type than the certificate's lands here too.
        }
        throw new KeyringException(keyFile + " does not match the certificate in " + certFile);
    }
}
