package dev.twinroot.supervisor.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random lives of a device: updates installed at random, boots that pass or fail their checks, boots
 * that never reach the supervisor, supervisor crashes at random points. After every boot the records and the
 * bootloader must tell the same story.
 */
class RandomBootsTest {

    @TempDir
    Path root;

    @Test
    void recordsAndBootloaderAlwaysAgree() throws IOException {
        Random random = new Random(20261128);
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int life = 0; life < 60; life++) {
            Device device = new Device(root.resolve("life-" + life));
            device.powerOn().assess();
            int version = 1;
            for (int boot = 0; boot < 25; boot++) {
                if (device.state.loadPending().isEmpty() && random.nextInt(4) == 0) {
                    String target = device.bootloader.bootedSlot().equals("A") ? "B" : "A";
                    device.install((++version) + ".0.0", target);
                }
                device.powerOn();
                if (random.nextInt(6) == 0) {
                    continue; // the kernel panics: no supervisor on this boot
                }
                device.app = random.nextInt(3) == 0 ? Device.failing("exit 1") : Device.healthy();
                if (random.nextInt(5) == 0) {
                    crashSomewhere(device, random);
                }
                AssessmentState end = device.assess();
                check(device, end, "life " + life + " boot " + boot);
                seen.add(end.name() + (end instanceof AssessmentState.Committed c ? "/" + c.kind() : ""));
            }
            if (!device.state.rollbacks().isEmpty()) {
                seen.add("rollback");
            }
        }
        assertTrue(seen.containsAll(java.util.Set.of("committed/UPDATE", "committed/FALLBACK", "committed/REGULAR",
                "rebooting-for-fallback", "unhealthy", "rollback")), "the lives covered every ending: " + seen);
    }

    private static void crashSomewhere(Device device, Random random) throws IOException {
        CrashDuringAssessmentTest.Crash crash = new CrashDuringAssessmentTest.Crash(1 + random.nextInt(12));
        AssessmentRecords records = new ForwardingRecords(device.state) {
            @Override
            public void saveAssessment(AssessmentState state) throws IOException {
                crash.point();
                super.saveAssessment(state);
                crash.point();
            }

            @Override
            public void recordSuccess(AssessmentState.Trial trial, String slot, java.time.Instant at) throws IOException {
                crash.point();
                super.recordSuccess(trial, slot, at);
                crash.point();
            }
        };
        try {
            device.assessment(records, device.bootloader).run();
        } catch (CrashDuringAssessmentTest.Crash.Died e) {
            // the supervisor restarts below, in the same boot
        }
    }

    private static void check(Device device, AssessmentState end, String at) throws IOException {
        String booted = device.bootloader.bootedSlot();
        assertEquals(booted, end.slot(), at);
        if (end instanceof AssessmentState.Committed) {
            assertTrue(device.bootloader.isCommitted(booted), at + ": committed in the records, not in the bootloader");
            assertEquals(SimulatedBootloader.DEFAULT_LEFT, device.bootloader.left(booted), at);
            assertEquals(booted, device.bootloader.primarySlot(), at + ": a committed slot comes first");
            Optional<PendingUpdate> pending = device.state.loadPending();
            assertTrue(pending.isEmpty() || !pending.get().targetSlot().equals(booted),
                    at + ": a committed update is no longer pending");
        }
        if (end instanceof AssessmentState.RebootingForFallback) {
            assertTrue(!device.bootloader.isCommitted(booted), at + ": a failed trial must not be committed");
        }
        Optional<UpdateOutcome> last = device.state.lastUpdate();
        if (last.isPresent() && last.get().result() == UpdateOutcome.Result.SUCCESS
                && last.get().slot().equals(booted) && end instanceof AssessmentState.Committed) {
            assertTrue(device.bootloader.isCommitted(booted), at + ": success reported for an uncommitted slot");
        }
    }
}
