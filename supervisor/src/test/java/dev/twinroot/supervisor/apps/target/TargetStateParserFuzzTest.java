package dev.twinroot.supervisor.apps.target;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsFormatException;

/** Any bytes from a channel or the API give a target state or an {@link AppsFormatException}. */
class TargetStateParserFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyBytes(byte[] input) {
        try {
            TargetState t = TargetStateParser.parse(input);
            t.startOrder();
        } catch (AppsFormatException expected) {
            // the one failure a caller handles
        }
    }
}
