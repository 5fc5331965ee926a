package dev.twinroot.updater.signing;

import dev.twinroot.updater.bundle.BundleSignatureException;
import dev.twinroot.updater.bundle.ManifestVerifier;
import dev.twinroot.updater.bundle.SignerIdentity;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;

/**
 * Verifies detached CMS signatures over the manifest bytes against a {@link Keyring}. The bundle is trusted
 * when at least one SignerInfo, in any of the CMS blobs, is a valid signature by a certificate that
 * {@link TrustCheck} accepts; otherwise the exception lists why each one was refused.
 */
public final class CmsVerifier implements ManifestVerifier {

    /** SignerInfos examined per CMS blob; more is not a key rotation, it is an attack on CPU time. */
    static final int MAX_SIGNER_INFOS = 8;
    /** Certificates examined per CMS blob: a real chain is 1-3; thousands would make path building crawl. */
    static final int MAX_CERTIFICATES = 16;
    /**
     * Message digests accepted in a SignerInfo (SHA-1 and MD5 are not). In a holder class: Bouncy Castle's OID
     * tables initialise on first use, and the daemon builds its verifier at start but verifies only when it installs.
     */
    private static final class Digests {
        static final Set<String> ACCEPTED = Set.of(
                NISTObjectIdentifiers.id_sha256.getId(),
                NISTObjectIdentifiers.id_sha384.getId(),
                NISTObjectIdentifiers.id_sha512.getId());
    }

    private final TrustCheck trust;

    public CmsVerifier(Keyring keyring, ClockPolicy clock) {
        this.trust = new TrustCheck(keyring, clock);
    }

    @Override
    public SignerIdentity verify(byte[] manifest, List<byte[]> signatures) throws BundleSignatureException {
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < signatures.size(); i++) {
            try {
                return verifyOne(manifest, signatures.get(i), i);
            } catch (Refused r) {
                reasons.addAll(r.reasons);
            } catch (RuntimeException e) {
                // Bouncy Castle reports some malformed ASN.1 with unchecked exceptions.
                reasons.add("signature " + i + ": malformed CMS structure (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new BundleSignatureException("no trusted signature on the manifest: " + String.join("; ", reasons));
    }

    private SignerIdentity verifyOne(byte[] manifest, byte[] der, int i) throws Refused {
        CMSSignedData cms;
        try {
            cms = new CMSSignedData(new CMSProcessableByteArray(manifest), der);
        } catch (CMSException e) {
            throw new Refused("signature " + i + ": not a CMS SignedData structure");
        }
        Collection<SignerInformation> signers = cms.getSignerInfos().getSigners();
        if (signers.isEmpty()) {
            throw new Refused("signature " + i + ": CMS structure has no SignerInfo");
        }
        if (signers.size() > MAX_SIGNER_INFOS) {
            throw new Refused("signature " + i + ": " + signers.size() + " SignerInfos, the limit is " + MAX_SIGNER_INFOS);
        }
        @SuppressWarnings("unchecked")
        Store<X509CertificateHolder> store = cms.getCertificates();
        Collection<X509CertificateHolder> holders = store.getMatches(null);
        if (holders.size() > MAX_CERTIFICATES) {
            throw new Refused("signature " + i + ": " + holders.size() + " certificates, the limit is " + MAX_CERTIFICATES);
        }
        List<X509Certificate> shipped = new ArrayList<>();
        try {
            for (X509CertificateHolder h : holders) {
                shipped.add(Certificates.of(h));
            }
        } catch (CertificateException e) {
            throw new Refused("signature " + i + ": unreadable certificate in the CMS structure");
        }
        List<String> reasons = new ArrayList<>();
        int j = 0;
        for (SignerInformation si : signers) {
            String where = "signature " + i + (signers.size() > 1 ? " signer " + j : "");
            j++;
            try {
                return verifySigner(manifest, si, store, shipped, where);
            } catch (Refused r) {
                reasons.addAll(r.reasons);
            }
        }
        throw new Refused(reasons);
    }

    private SignerIdentity verifySigner(byte[] manifest, SignerInformation si, Store<X509CertificateHolder> store,
            List<X509Certificate> shipped, String where) throws Refused {
        if (!Digests.ACCEPTED.contains(si.getDigestAlgOID())) {
            throw new Refused(where + ": digest algorithm " + si.getDigestAlgOID() + " is not accepted (SHA-256,"
                    + " SHA-384 or SHA-512)");
        }
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = store.getMatches(si.getSID());
        if (matches.isEmpty()) {
            throw new Refused(where + ": the signing certificate is not included in the CMS structure");
        }
        X509Certificate cert;
        try {
            cert = Certificates.of(matches.iterator().next());
        } catch (CertificateException e) {
            throw new Refused(where + ": unreadable signing certificate");
        }
        String name = Names.of(cert.getSubjectX500Principal());
        boolean valid;
        try {
            // Built from the bare key: Bouncy Castle would otherwise judge the certificate's dates by the
            // signer's own signing-time claim; dates and purpose are TrustCheck's job, under the ClockPolicy.
            valid = si.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert.getPublicKey()));
        } catch (CMSException | OperatorCreationException e) {
            valid = false;
        }
        if (!valid) {
            throw new Refused(where + ": signature by " + name + " does not match the manifest");
        }
        try {
            trust.check(cert, shipped);
        } catch (TrustCheck.Rejected e) {
            throw new Refused(where + ": " + e.getMessage());
        }
        return SignatureDescriptions.identity(cert);
    }

    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> reasons;

        Refused(String reason) {
            this(List.of(reason));
        }

        Refused(List<String> reasons) {
            super(String.join("; ", reasons), null, false, false);
            this.reasons = List.copyOf(reasons);
        }
    }
}
