package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.TestDevice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinrootctl mark-good} while the daemon runs goes through it ({@code POST /v1/mark-good}), so the
 * daemon's assessment and the boot state agree. The test device's configuration names block devices that do not
 * exist here: a command that acted by itself would fail on them.
 */
class MarkGoodThroughDaemonTest {

    @TempDir
    Path dir;

    @Test
    void anUnhealthySlotIsCommittedByTheDaemon() throws Exception {
        TestDevice device = new TestDevice(dir, "echo 'sensor bus: no reply'; exit 4");
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            assertInstanceOf(AssessmentState.Unhealthy.class, daemon.assessed().orElseThrow());

            CtlRun run = CtlRun.of("mark-good", "--config", device.configFile.toString());

            assertEquals(0, run.exit(), run.err());
            assertTrue(run.out().startsWith("slot A marked good by hand ("), run.out());
            assertEquals(List.of("A"), device.markedGood);
            assertInstanceOf(AssessmentState.Committed.class, new StateDir(device.data).loadAssessment().orElseThrow(),
                    "the daemon's record says committed too");
        }
    }

    @Test
    void aCommittedSlotIsSaidToBeOne() throws Exception {
        TestDevice device = new TestDevice(dir, "echo all good");
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            CtlRun run = CtlRun.of("mark-good", "--config", device.configFile.toString());
            assertEquals(0, run.exit(), run.err());
            assertEquals("slot A is already committed\n", run.out());
        }
    }
}
