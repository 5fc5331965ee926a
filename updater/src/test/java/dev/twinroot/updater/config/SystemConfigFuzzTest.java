package dev.twinroot.updater.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the system config parser: {@code mvn test} replays SystemConfigFuzzTestInputs/,
 * {@code JAZZER_FUZZ=1 mvn test -Dtest=SystemConfigFuzzTest} fuzzes. Any bytes give a config or a
 * ConfigException, never an unchecked exception.
 */
class SystemConfigFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        try {
            new SystemConfigParser().parse(data);
        } catch (ConfigException expected) {
            // A refusal is a correct answer.
        }
    }
}
