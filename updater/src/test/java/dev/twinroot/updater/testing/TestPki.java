package dev.twinroot.updater.testing;

import dev.twinroot.updater.signing.CertificateIssuer;
import dev.twinroot.updater.signing.CertificateProfile;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.KeyAlgorithm;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.signing.KeyringException;
import dev.twinroot.updater.signing.SigningKey;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/** A CA with helpers to issue right and wrong signing certificates, all dated around {@link #NOW}. */
public final class TestPki {

    public static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    public static final Duration YEAR = Duration.ofDays(365);

    private final SecureRandom random = new SecureRandom();
    private final KeyAlgorithm algorithm;
    private final KeyPair caKeys;
    private final X509Certificate ca;

    public TestPki(KeyAlgorithm algorithm, String name) {
        this.algorithm = algorithm;
        this.caKeys = algorithm.generate(2048);
        this.ca = CertificateIssuer.selfSignedCa("CN=" + name + ",O=Test", caKeys, NOW.minus(YEAR), NOW.plus(YEAR.multipliedBy(10)), random);
    }

    public TestPki(String name) {
        this(KeyAlgorithm.ECDSA_P256, name);
    }

    public X509Certificate ca() {
        return ca;
    }

    public Keyring keyring() {
        try {
            return Keyring.of(List.of(ca));
        } catch (KeyringException e) {
            throw new AssertionError(e);
        }
    }

    public static ClockPolicy clockAt(Instant now) {
        return new ClockPolicy(Clock.fixed(now, ZoneOffset.UTC), ClockPolicy.BUILD_DATE);
    }

    public static ClockPolicy clock() {
        return clockAt(NOW);
    }

    /** A good code-signing key valid a year either side of NOW. */
    public SigningKey signer(String name) {
        return signer(name, NOW.minus(YEAR), NOW.plus(YEAR), CertificateProfile.CODE_SIGNING);
    }

    public SigningKey signer(String name, Instant notBefore, Instant notAfter, CertificateProfile profile) {
        KeyPair keys = algorithm.generate(2048);
        X509Certificate cert = CertificateIssuer.of(ca, caKeys.getPrivate(), random)
                .issue("CN=" + name + ",O=Test", keys.getPublic(), notBefore, notAfter, profile);
        return new SigningKey(keys.getPrivate(), cert, List.of());
    }

    /** A signing key under an intermediate CA; the intermediate ships with each signature. */
    public SigningKey signerViaIntermediate(String name, CertificateProfile intermediateProfile) {
        KeyPair interKeys = algorithm.generate(2048);
        X509Certificate inter = CertificateIssuer.of(ca, caKeys.getPrivate(), random)
                .issue("CN=" + name + " intermediate,O=Test", interKeys.getPublic(), NOW.minus(YEAR),
                        NOW.plus(YEAR.multipliedBy(5)), intermediateProfile);
        KeyPair keys = algorithm.generate(2048);
        X509Certificate cert = CertificateIssuer.of(inter, interKeys.getPrivate(), random)
                .issue("CN=" + name + ",O=Test", keys.getPublic(), NOW.minus(YEAR), NOW.plus(YEAR),
                        CertificateProfile.CODE_SIGNING);
        return new SigningKey(keys.getPrivate(), cert, List.of(inter));
    }
}
