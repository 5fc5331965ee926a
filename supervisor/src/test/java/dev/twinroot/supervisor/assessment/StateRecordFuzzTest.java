package dev.twinroot.supervisor.assessment;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.updater.json.JsonObject;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;

/**
 * Jazzer target for the state records read from the data partition at every boot: {@code mvn test} replays
 * StateRecordFuzzTestInputs/, {@code JAZZER_FUZZ=1 mvn test -Dtest=StateRecordFuzzTest} fuzzes. Any bytes give a
 * record or a JsonShapeException for each of the four kinds, never an unchecked exception.
 */
class StateRecordFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] data) {
        decodeAll(data);
    }

    static void decodeAll(byte[] data) {
        JsonObject o;
        try {
            o = JsonTree.readObject(data);
        } catch (JsonShapeException expected) {
            return;
        }
        try {
            StateRecordCodec.assessment(o);
        } catch (JsonShapeException expected) {
            // A refusal is a correct answer.
        }
        try {
            StateRecordCodec.pending(o);
        } catch (JsonShapeException expected) {
            // A refusal is a correct answer.
        }
        try {
            StateRecordCodec.outcome(o);
        } catch (JsonShapeException expected) {
            // A refusal is a correct answer.
        }
        try {
            StateRecordCodec.rollback(o);
        } catch (JsonShapeException expected) {
            // A refusal is a correct answer.
        }
    }
}
