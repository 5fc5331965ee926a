package dev.twinroot.updater.json;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer target for the JSON tree reader and the typed object view: {@code mvn test} replays
 * JsonTreeFuzzTestInputs/, {@code JAZZER_FUZZ=1 mvn test -Dtest=JsonTreeFuzzTest} fuzzes. Any bytes give a tree or
 * a JsonShapeException; any field of any object gives a value or a JsonShapeException, never an unchecked one.
 */
class JsonTreeFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void read(byte[] data) {
        try {
            JsonObjectProperties.walk(JsonTree.readObject(data));
        } catch (JsonShapeException expected) {
            // A refusal is a correct answer.
        }
    }
}
