package dev.twinroot.updater.slot;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/**
 * Jazzer target for the slot boot area reader: {@code mvn test} replays SlotBootAreaFuzzTestInputs/,
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SlotBootAreaFuzzTest} fuzzes. Any bytes give a location, nothing, or a
 * BootAreaFormatException.
 */
class SlotBootAreaFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) throws IOException {
        try {
            SlotBootAreaReader.read(data);
        } catch (BootAreaFormatException expected) {
            // A refusal is a correct answer.
        }
    }
}
