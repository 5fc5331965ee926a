package dev.twinroot.updater.signing;

import dev.twinroot.updater.bundle.SignerIdentity;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.util.Store;

/**
 * Who claims to have signed, read from a CMS blob without verifying anything: for {@code bundle info}, which
 * must work without a keyring. Never use this to decide trust; that is {@link CmsVerifier}.
 */
public final class SignatureDescriptions {

    private SignatureDescriptions() {}

    /** The claimed signers of one CMS blob, or a one-element list saying why it cannot be read. */
    public static List<String> describe(byte[] cms) {
        try {
            CMSSignedData sd = new CMSSignedData(cms);
            @SuppressWarnings("unchecked")
            Store<X509CertificateHolder> store = sd.getCertificates();
            List<String> out = new ArrayList<>();
            for (SignerInformation si : sd.getSignerInfos().getSigners()) {
                @SuppressWarnings("unchecked")
                Collection<X509CertificateHolder> match = store.getMatches(si.getSID());
                if (match.isEmpty()) {
                    out.add("(signing certificate not included)");
                    continue;
                }
                SignerIdentity id = identity(Certificates.of(match.iterator().next()));
                out.add(Names.printable(id.subject()) + " (" + id.keyAlgorithm() + ", serial " + id.serial()
                        + ", issued by " + Names.printable(id.issuer()) + ")");
            }
            return out;
        } catch (CMSException | CertificateException | RuntimeException e) {
            return List.of("(not a readable CMS SignedData structure)");
        }
    }

    static SignerIdentity identity(X509Certificate cert) {
        return new SignerIdentity(cert.getSubjectX500Principal().getName(), cert.getIssuerX500Principal().getName(),
                cert.getSerialNumber().toString(16), KeyAlgorithm.describe(cert.getPublicKey()));
    }
}
