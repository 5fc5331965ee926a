package dev.twinroot.updater.signing;

import dev.twinroot.updater.bundle.ManifestSigner;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Signs manifest bytes as a detached CMS SignedData (RFC 5652) carrying the signing certificates and their
 * intermediates. With several keys, one CMS structure holds one SignerInfo per key.
 */
public final class CmsSigner implements ManifestSigner {

    private final List<SigningKey> keys;

    public CmsSigner(SigningKey key) {
        this(List.of(key));
    }

    public CmsSigner(List<SigningKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        this.keys = List.copyOf(keys);
    }

    @Override
    public byte[] sign(byte[] manifest) throws IOException {
        try {
            CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
            List<X509Certificate> certs = new ArrayList<>();
            for (SigningKey k : keys) {
                gen.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                        .build(new JcaContentSignerBuilder(k.algorithm().signatureAlgorithm()).build(k.key()),
                                k.certificate()));
                certs.add(k.certificate());
                certs.addAll(k.intermediates());
            }
            gen.addCertificates(new JcaCertStore(certs));
            return gen.generate(new CMSProcessableByteArray(manifest), false).getEncoded();
        } catch (OperatorCreationException | CertificateEncodingException | CMSException e) {
            throw new KeyringException("cannot sign the manifest: " + e.getMessage(), e);
        }
    }
}
