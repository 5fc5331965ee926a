package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.assessment.UpdateOutcome;
import dev.twinroot.supervisor.grow.DataGrowth;
import dev.twinroot.updater.json.JsonTree;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The daemon writes its {@code /v1} answers as jackson-jr trees; clients (twinrootctl, the QEMU harness) read
 * them with {@link Wire}'s databind annotations. For random answers both writers give the same JSON tree, and
 * databind reads the tree writer's bytes back to an equal record.
 */
class WireCodecTest {

    private final Random random = new Random(1128L);

    @Test
    void randomStatusAnswersMatchWhatDatabindWrites() throws Exception {
        for (int i = 0; i < 2000; i++) {
            Wire.StatusResponse s = status();
            byte[] ours = WireCodec.bytes(s);
            assertEquals(JsonTree.read(Json.bytes(s)), JsonTree.read(ours), new String(ours));
            assertEquals(s, Json.reader(Wire.StatusResponse.class).readValue(ours));
        }
    }

    @Test
    void smallAnswersMatchToo() throws Exception {
        List<Object> bodies = List.of(new Wire.ErrorResponse("no endpoint /v9"), new Wire.MessageResponse("ok \"x\""),
                new Wire.LogsResponse(List.of("a", "b\u00e9")), new Wire.HealthyResponse(false, List.of("check 'x'")),
                new Wire.HealthyResponse(true, List.of()));
        for (Object body : bodies) {
            assertEquals(JsonTree.read(Json.bytes(body)), JsonTree.read(WireCodec.bytes(body)), body.toString());
            assertEquals(body, Json.reader(body.getClass()).readValue(WireCodec.bytes(body)));
        }
    }

    private Wire.StatusResponse status() {
        List<Rollback> rollbacks = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            rollbacks.add(new Rollback(text(), slot(), slot(), maybe(pending()), text(), attempts(), instant()));
        }
        List<Wire.SlotView> slots = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            slots.add(new Wire.SlotView(slot(), random.nextBoolean(), maybe(random.nextInt(4)), random.nextBoolean()));
        }
        List<String> warnings = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            warnings.add(text());
        }
        return new Wire.StatusResponse(random.nextBoolean() ? Wire.StatusResponse.FROM_DAEMON
                : Wire.StatusResponse.FROM_RECORDS, maybe(slot()), maybe(slot()), maybe(text()),
                maybe(new Wire.AssessmentView(text(), maybe(text()), slot(), text(), instant(), maybe(text()))),
                maybe(pending()),
                maybe(new Wire.InstallView(text(), text(), slot(), text(), maybe(text()), instant())),
                maybe(new UpdateOutcome(random.nextBoolean() ? UpdateOutcome.Result.SUCCESS
                        : UpdateOutcome.Result.ROLLED_BACK, maybe(text()), maybe(text()), slot(), instant(),
                        maybe(text()), random.nextInt(4))),
                rollbacks,
                maybe(new Wire.AgentView(text(), maybe(instant()), maybe(text()), maybe(instant()), maybe(text()))),
                maybe(new DataGrowth(DataGrowth.GROWN, instant(), maybe(text()), maybe(random.nextLong() >>> 20),
                        maybe((long) random.nextInt(1000)), text())),
                slots, warnings);
    }

    private List<AssessmentState.Attempt> attempts() {
        List<AssessmentState.Attempt> out = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            out.add(new AssessmentState.Attempt(text(), instant(), maybe(text())));
        }
        return out;
    }

    private PendingUpdate pending() {
        return new PendingUpdate(text(), maybe(text()), slot(), instant());
    }

    private <T> Optional<T> maybe(T value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    private String text() {
        return "t" + random.nextInt(1000) + (random.nextBoolean() ? " \"q\" \u00e9\n\t" : "");
    }

    private String slot() {
        return random.nextBoolean() ? "A" : "B";
    }

    private Instant instant() {
        return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(3) * 1_000_000L);
    }
}
