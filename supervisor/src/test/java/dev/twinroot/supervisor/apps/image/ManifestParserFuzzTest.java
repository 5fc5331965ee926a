package dev.twinroot.supervisor.apps.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsFormatException;

/** Any bytes from a registry or an archive give a manifest (or config) or an {@link AppsFormatException}. */
class ManifestParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        try {
            ManifestParser.parse(input);
        } catch (AppsFormatException expected) {
            // the one failure a caller handles
        }
        try {
            ImageConfigParser.parse(input);
        } catch (AppsFormatException expected) {
            // the same bytes as an image config
        }
    }
}
