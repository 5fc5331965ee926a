package dev.twinroot.supervisor.apps.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsFormatException;
import java.nio.charset.StandardCharsets;

/** Any header value gives a challenge, no challenge, or the apps' format exception. */
class BearerChallengeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyHeader(byte[] input) {
        try {
            BearerChallenge.parse(new String(input, StandardCharsets.ISO_8859_1));
        } catch (AppsFormatException expected) {
            // refused with a message
        }
    }
}
