package dev.twinroot.supervisor.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.RecordException;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state records' codec against the records' Jackson annotations, which the local API still serializes them
 * with and which wrote these files before the codec existed: every random record written by either reads back
 * equal through the other, so files a device wrote before an update stay readable after it.
 */
class StateRecordCodecTest {

    private final Random random = new Random(20261128L);
    private final RandomRecords records = new RandomRecords(random);

    @Test
    void randomRecordsRoundTripThroughTheCodecAndAgreeWithJackson() throws Exception {
        for (int i = 0; i < 3000; i++) {
            AssessmentState state = state(true);
            byte[] ours = JsonTree.write(StateRecordCodec.assessment(state));
            assertEquals(state, StateRecordCodec.assessment(JsonTree.readObject(ours)));
            assertEquals(state, Json.reader(AssessmentState.class).readValue(ours), new String(ours));
            assertEquals(state, StateRecordCodec.assessment(JsonTree.readObject(Json.bytes(state))));

            Rollback rollback = records.rollback();
            assertEquals(rollback, StateRecordCodec.rollback(JsonTree.readObject(Json.bytes(rollback))));
            assertEquals(rollback, Json.reader(Rollback.class).readValue(JsonTree.write(StateRecordCodec.rollback(rollback))));

            UpdateOutcome outcome = records.outcome();
            assertEquals(outcome, StateRecordCodec.outcome(JsonTree.readObject(Json.bytes(outcome))));
            assertEquals(outcome, Json.reader(UpdateOutcome.class)
                    .readValue(JsonTree.write(StateRecordCodec.outcome(outcome))));
        }
    }

    @Test
    void documentedExampleReads() throws Exception {
        AssessmentState s = StateRecordCodec.assessment(JsonTree.readObject(bytes(
                "{\"state\":\"rebooting-for-fallback\",\"bootId\":\"8c4f\",\"slot\":\"B\",\"at\":\"2026-11-28T02:12:40Z\","
                        + "\"trial\":{\"update\":{\"version\":\"2.0.0\",\"fromVersion\":\"1.0.0\",\"targetSlot\":\"B\","
                        + "\"installedAt\":\"2026-11-28T02:10:00Z\"},\"attempts\":[{\"bootId\":\"8c4f\","
                        + "\"startedAt\":\"2026-11-28T02:11:00Z\",\"failure\":\"check 'app' failed\"}]},"
                        + "\"reason\":\"check 'app' failed\",\"addedLater\":[1,2]}")));
        AssessmentState.RebootingForFallback r = (AssessmentState.RebootingForFallback) s;
        assertEquals("2.0.0", r.trial().update().orElseThrow().version());
        assertEquals(Optional.of("check 'app' failed"), r.trial().attempts().get(0).failure());
    }

    @Test
    void damagedRecordsAreRefusedWithTheFieldNamed(@TempDir Path dir) throws Exception {
        assertEquals("kind: expected update, fallback or regular, found \"sideways\"",
                assertThrows(JsonShapeException.class, () -> StateRecordCodec.assessment(JsonTree.readObject(bytes(
                        "{\"state\":\"committed\",\"bootId\":\"b\",\"slot\":\"A\",\"at\":\"2026-11-28T02:12:40Z\","
                                + "\"kind\":\"sideways\"}")))).getMessage());
        StateDir states = new StateDir(dir);
        Files.createDirectories(states.root());
        Files.writeString(states.root().resolve("assessment.json"), "{\"state\":\"committed\",\"bootId\":1}");
        String m = assertThrows(RecordException.class, states::loadAssessment).getMessage();
        assertTrue(m.endsWith("assessment.json: unreadable record: bootId: expected a string, found 1"), m);
    }

    /** Random damage to a written record gives a record or the codec's exception, never anything else. */
    @Test
    void randomDamageGivesARecordOrAShapeError() {
        for (int i = 0; i < 3000; i++) {
            byte[] written = JsonTree.write(StateRecordCodec.assessment(state(true)));
            for (int k = random.nextInt(3); k >= 0; k--) {
                written[random.nextInt(written.length)] = (byte) " {}[]\":,0a-".charAt(random.nextInt(11));
            }
            StateRecordFuzzTest.decodeAll(written);
        }
    }

    private AssessmentState state(boolean withPrevious) {
        String boot = records.text();
        String slot = records.slot();
        Instant at = records.instant();
        AssessmentState.Kind kind = AssessmentState.Kind.values()[random.nextInt(3)];
        Optional<AssessmentState> previous = withPrevious && random.nextBoolean() ? Optional.of(state(false))
                : Optional.empty();
        return switch (random.nextInt(8)) {
            case 0 -> new AssessmentState.Assessing(boot, slot, at, previous);
            case 1 -> new AssessmentState.FallbackDetected(boot, slot, at, records.slot(), records.maybe(records.pending()), previous);
            case 2 -> new AssessmentState.RecordingRollback(boot, slot, at, records.rollback());
            case 3 -> new AssessmentState.RunningChecks(boot, slot, at, kind, records.maybe(trial()), records.instant());
            case 4 -> new AssessmentState.Committing(boot, slot, at, kind, records.maybe(trial()));
            case 5 -> new AssessmentState.Committed(boot, slot, at, kind, records.maybe(trial()));
            case 6 -> new AssessmentState.RebootingForFallback(boot, slot, at, trial(), records.text());
            default -> new AssessmentState.Unhealthy(boot, slot, at, kind, records.text());
        };
    }

    private AssessmentState.Trial trial() {
        return new AssessmentState.Trial(records.maybe(records.pending()), records.attempts());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
