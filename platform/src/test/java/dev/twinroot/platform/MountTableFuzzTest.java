package dev.twinroot.platform;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * mountinfo names paths anyone may create, so its parser takes any bytes. Runs the seeds under
 * src/test/resources/.../MountTableFuzzTestInputs/parse in the normal suite; JAZZER_FUZZ=1 fuzzes for real.
 */
class MountTableFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] input) {
        try {
            MountTable.parse(input);
        } catch (MountInfoFormatException expected) {
            // a refusal is fine; any other exception fails the fuzz test
        }
    }
}
