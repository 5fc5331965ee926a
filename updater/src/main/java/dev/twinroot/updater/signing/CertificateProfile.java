package dev.twinroot.updater.signing;

/**
 * Which extensions a certificate gets. {@link #CA} and {@link #CODE_SIGNING} are what a real deployment
 * needs; the switches exist so tests can build the wrong certificates a verifier must refuse.
 *
 * @param ca basicConstraints CA=true with keyCertSign/cRLSign key usage
 * @param codeSigningEku the codeSigning extended key usage
 * @param digitalSignature the digitalSignature key usage
 */
public record CertificateProfile(boolean ca, boolean codeSigningEku, boolean digitalSignature) {

    public static final CertificateProfile CA = new CertificateProfile(true, false, false);
    public static final CertificateProfile CODE_SIGNING = new CertificateProfile(false, true, true);
}
