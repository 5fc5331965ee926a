package dev.twinroot.updater.bundle;

/**
 * Who signed a manifest, for logs and {@code bundle info}.
 *
 * @param subject the signing certificate's subject DN
 * @param issuer its issuer DN
 * @param serial its serial number in hex
 * @param keyAlgorithm e.g. EC, Ed25519, RSA
 */
public record SignerIdentity(String subject, String issuer, String serial, String keyAlgorithm) {
}
