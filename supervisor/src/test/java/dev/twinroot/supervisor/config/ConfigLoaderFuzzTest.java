package dev.twinroot.supervisor.config;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for {@code system.json} as the daemon reads it (its own part and the updater's):
 * {@code mvn test} replays ConfigLoaderFuzzTestInputs/, {@code JAZZER_FUZZ=1 mvn test -Dtest=ConfigLoaderFuzzTest}
 * fuzzes. Any bytes give a config or a ConfigException, never an unchecked exception.
 */
class ConfigLoaderFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void parse(byte[] data) {
        try {
            ConfigLoader.parse(data, "system.json");
        } catch (ConfigException expected) {
            // A refusal is a correct answer.
        }
    }
}
