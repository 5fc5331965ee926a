package dev.twinroot.supervisor.apps.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsFormatException;
import java.nio.charset.StandardCharsets;

/**
 * What a registry and its token service send back: any header value gives a challenge, no challenge, or the
 * apps' format exception; any token response body a token or that exception.
 */
class BearerChallengeFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void anyHeader(byte[] input) {
        try {
            BearerChallenge.parse(new String(input, StandardCharsets.ISO_8859_1));
        } catch (AppsFormatException expected) {
            // refused with a message
        }
    }

    @FuzzTest(maxDuration = "30s")
    void anyTokenResponse(byte[] input) {
        try {
            TokenResponse.token(input, "fuzz");
        } catch (AppsFormatException expected) {
            // refused with a message
        }
    }
}
