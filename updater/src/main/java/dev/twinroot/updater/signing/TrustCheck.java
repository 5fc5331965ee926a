package dev.twinroot.updater.signing;

import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Is this signing certificate fit to sign bundles for this keyring? Purpose and dates are checked first for a
 * clear message; then the JDK's PKIX CertPathBuilder finds a path to a keyring CA and CertPathValidator
 * validates it (signatures, CA basicConstraints, path length, key usage, name chaining, dates).
 */
final class TrustCheck {

    static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final int DIGITAL_SIGNATURE = 0;

    private final Keyring keyring;
    private final ClockPolicy clock;

    TrustCheck(Keyring keyring, ClockPolicy clock) {
        this.keyring = keyring;
        this.clock = clock;
    }

    /** Returns normally if trusted; otherwise throws with the reason. */
    void check(X509Certificate signer, Collection<X509Certificate> shipped) throws Rejected {
        String name = Names.of(signer.getSubjectX500Principal());
        checkPurpose(signer, name);
        Optional<Instant> now = clock.validationTime();
        if (now.isPresent()) {
            checkDates(signer, "signing certificate " + name, now.get());
        }
        // With no trustworthy clock, validate as of the moment the signing certificate became valid.
        Date at = Date.from(now.orElse(signer.getNotBefore().toInstant()));
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(signer);
            try {
                target.setExtendedKeyUsage(Set.of(CODE_SIGNING));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the codeSigning OID is well-formed", e);
            }
            PKIXBuilderParameters params = new PKIXBuilderParameters(keyring.anchors(), target);
            params.setRevocationEnabled(false);
            params.setDate(at);
            List<X509Certificate> pool = new ArrayList<>(shipped);
            pool.add(signer);
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(pool)));
            PKIXCertPathBuilderResult built;
            try {
                built = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            } catch (GeneralSecurityException e) {
                throw new Rejected("signing certificate " + name + " does not chain to a trusted CA in the keyring"
                        + (now.isPresent() ? " (checked at " + now.get() + ")" : " (clock unset: dates not checked)"));
            }
            CertPath path = built.getCertPath();
            CertPathValidator.getInstance("PKIX").validate(path, params);
            if (now.isPresent()) {
                X509Certificate anchor = built.getTrustAnchor().getTrustedCert();
                checkDates(anchor, "keyring CA " + Names.of(anchor.getSubjectX500Principal()), now.get());
            }
        } catch (GeneralSecurityException e) {
            throw new Rejected("signing certificate " + name + ": certificate path rejected: "
                    + Names.printable(String.valueOf(e.getMessage())));
        }
    }

    private static void checkPurpose(X509Certificate c, String name) throws Rejected {
        if (c.getBasicConstraints() >= 0) {
            throw new Rejected("signing certificate " + name + " is a CA certificate; bundles are signed by a"
                    + " leaf certificate issued by a CA");
        }
        List<String> eku;
        try {
            eku = c.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw new Rejected("signing certificate " + name + ": unreadable extended key usage");
        }
        if (eku == null || !eku.contains(CODE_SIGNING)) {
            throw new Rejected("signing certificate " + name + " lacks the codeSigning extended key usage");
        }
        boolean[] ku = c.getKeyUsage();
        if (ku == null || !ku[DIGITAL_SIGNATURE]) {
            throw new Rejected("signing certificate " + name + " lacks the digitalSignature key usage");
        }
        if (c.getPublicKey() instanceof RSAKey rsa && rsa.getModulus().bitLength() < KeyAlgorithm.MIN_RSA_BITS) {
            throw new Rejected("signing certificate " + name + " has an RSA key of " + rsa.getModulus().bitLength()
                    + " bits, at least " + KeyAlgorithm.MIN_RSA_BITS + " required");
        }
    }

    private static void checkDates(X509Certificate c, String what, Instant now) throws Rejected {
        try {
            c.checkValidity(Date.from(now));
        } catch (CertificateExpiredException e) {
            throw new Rejected(what + " expired on " + c.getNotAfter().toInstant() + " (now " + now + ")");
        } catch (CertificateNotYetValidException e) {
            throw new Rejected(what + " is not valid before " + c.getNotBefore().toInstant() + " (now " + now + ")");
        }
    }

    /** Why one certificate was not trusted; the verifier collects these into its message. */
    static final class Rejected extends Exception {
        private static final long serialVersionUID = 1L;

        Rejected(String message) {
            super(message);
        }
    }
}
