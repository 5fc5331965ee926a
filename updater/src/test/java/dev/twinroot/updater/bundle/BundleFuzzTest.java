package dev.twinroot.updater.bundle;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.testing.TestPki;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;

/**
 * Jazzer targets for every parser of untrusted bundle bytes. `mvn test` replays the seeds in
 * BundleFuzzTestInputs/; {@code JAZZER_FUZZ=1 mvn test -Dtest=BundleFuzzTest} fuzzes for real. The contract:
 * any input gives a value or a BundleException (or another IOException), never an unchecked exception or a hang.
 */
class BundleFuzzTest {

    static final ManifestCodec MANIFESTS = new ManifestCodec(BundleLimits.DEFAULT);
    static final TestPki PKI = new TestPki("fuzz CA");
    static final CmsVerifier CMS = new CmsVerifier(PKI.keyring(), TestPki.clock());
    /** Lets the fuzzer past the signature gate, to reach the manifest parser and the payload streams. */
    static final ManifestVerifier ACCEPT_ALL = (manifest, signatures) -> new SignerIdentity("CN=fuzz", "CN=fuzz", "1", "none");

    @FuzzTest(maxDuration = "60s")
    void manifest(byte[] data) {
        try {
            Manifest m = MANIFESTS.parse(data);
            MANIFESTS.toBytes(m);
        } catch (BundleException expected) {
            // A refusal is a correct answer.
        }
    }

    @FuzzTest(maxDuration = "60s")
    void bundleBehindTheSignature(byte[] data) {
        try (BundleReader r = BundleReader.open(new ByteArrayInputStream(data), ACCEPT_ALL)) {
            r.verifyRemaining();
        } catch (IOException expected) {
            // BundleException for bad input; plain IOException cannot come from a byte array.
        }
    }

    @FuzzTest(maxDuration = "60s")
    void signatureBlob(byte[] data) {
        try {
            CMS.verify("{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), List.of(data));
        } catch (BundleSignatureException expected) {
            // The only way a random blob can end.
        }
    }
}
