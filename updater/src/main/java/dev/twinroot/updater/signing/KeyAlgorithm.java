package dev.twinroot.updater.signing;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Locale;
import java.util.Optional;

/** The key types a signing certificate may have, with the signature algorithm each one uses. */
public enum KeyAlgorithm {
    ECDSA_P256("ecdsa-p256", "SHA256withECDSA"),
    ED25519("ed25519", "Ed25519"),
    RSA("rsa", "SHA256withRSA");

    /** RSA keys shorter than this are refused when signing and verifying. */
    public static final int MIN_RSA_BITS = 2048;
    static final int RSA_BITS = 3072;

    private final String cliName;
    private final String signatureAlgorithm;

    KeyAlgorithm(String cliName, String signatureAlgorithm) {
        this.cliName = cliName;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    public String cliName() {
        return cliName;
    }

    String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public static Optional<KeyAlgorithm> fromCliName(String name) {
        for (KeyAlgorithm a : values()) {
            if (a.cliName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** How messages name a key's type: the CLI name when it is one of ours. */
    static String describe(Key key) {
        return of(key).map(KeyAlgorithm::cliName).orElse(key.getAlgorithm());
    }

    /** Which algorithm a loaded key belongs to, from its JCA algorithm name. */
    static Optional<KeyAlgorithm> of(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> key instanceof java.security.interfaces.ECKey ec
                    && ec.getParams().getCurve().getField().getFieldSize() == 256 ? Optional.of(ECDSA_P256) : Optional.empty();
            case "Ed25519", "EdDSA" -> Optional.of(ED25519);
            case "RSA" -> Optional.of(RSA);
            default -> Optional.empty();
        };
    }

    public KeyPair generate() {
        return generate(RSA_BITS);
    }

    /** {@code rsaBits} only matters for RSA; tests pass 2048 to save time. */
    public KeyPair generate(int rsaBits) {
        try {
            return switch (this) {
                case ECDSA_P256 -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp256r1"));
                    yield g.generateKeyPair();
                }
                case ED25519 -> KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                case RSA -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(rsaBits);
                    yield g.generateKeyPair();
                }
            };
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JRE cannot generate " + cliName + " keys", e);
        }
    }
}
