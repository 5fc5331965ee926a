package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.assessment.RandomRecords;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.grow.DataGrowth;
import dev.twinroot.updater.json.JsonTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The daemon writes its {@code /v1} answers as jackson-jr trees; clients (twinrootctl, the QEMU harness) read
 * them with {@link Wire}'s databind annotations. For random answers both writers give the same JSON tree, and
 * databind reads the tree writer's bytes back to an equal record.
 */
class WireCodecTest {

    private final Random random = new Random(1128L);
    private final RandomRecords r = new RandomRecords(random);

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
            rollbacks.add(r.rollback());
        }
        List<Wire.SlotView> slots = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            slots.add(new Wire.SlotView(r.slot(), random.nextBoolean(), r.maybe(random.nextInt(4)), random.nextBoolean()));
        }
        List<String> warnings = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            warnings.add(r.text());
        }
        return new Wire.StatusResponse(random.nextBoolean() ? Wire.StatusResponse.FROM_DAEMON
                : Wire.StatusResponse.FROM_RECORDS, r.maybe(r.slot()), r.maybe(r.slot()), r.maybe(r.text()),
                r.maybe(new Wire.AssessmentView(r.text(), r.maybe(r.text()), r.slot(), r.text(), r.instant(),
                        r.maybe(r.text()))),
                r.maybe(r.pending()),
                r.maybe(new Wire.InstallView(r.text(), r.text(), r.slot(), r.text(), r.maybe(r.text()), r.instant())),
                r.maybe(r.outcome()),
                rollbacks,
                r.maybe(new Wire.AgentView(r.text(), r.maybe(r.instant()), r.maybe(r.text()), r.maybe(r.instant()),
                        r.maybe(r.text()))),
                r.maybe(new DataGrowth(DataGrowth.GROWN, r.instant(), r.maybe(r.text()),
                        r.maybe(random.nextLong() >>> 20), r.maybe((long) random.nextInt(1000)), r.text())),
                slots, warnings);
    }
}
