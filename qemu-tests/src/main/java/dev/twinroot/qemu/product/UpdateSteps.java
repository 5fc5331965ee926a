package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.UpdateOutcome;
import dev.twinroot.supervisor.cli.StatusText;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Steps several product scenarios share, told to the person watching as they happen. */
final class UpdateSteps {

    private UpdateSteps() {
    }

    /** Powers on, and waits until the supervisor committed {@code slot} running {@code release}. */
    static void bootCommitted(ScenarioContext ctx, Device device, TwinrootGuest guest, Release release, String slot)
            throws IOException {
        ctx.step("powering on a device running release " + release.version());
        device.powerOn();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        ctx.step(guest.bootloader() + " boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
        Expect.equal("slot booted at power-on", slot, boot.slot());
        String verdict = guest.awaitAssessment();
        ctx.step("the supervisor assessed the boot: " + verdict);
        Expect.equal("assessment at power-on", "committed", verdict);
    }

    /** Reboots from the shell and waits for the boot script to pick {@code slot}. */
    static TwinrootGuest.SlotBoot rebootInto(ScenarioContext ctx, TwinrootGuest guest, String slot) throws IOException {
        ctx.step("rebooting");
        guest.reboot();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        ctx.step(guest.bootloader() + " boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
        Expect.equal("slot booted after the reboot", slot, boot.slot());
        return boot;
    }

    /**
     * After a reboot into a bad release in {@code badSlot}: waits through its trial boots until the bootloader,
     * its tries used up, boots the other slot, and the supervisor there commits the fallback. Returns the tries
     * left the boot script announced on each trial boot (2, 1, 0 with the contract's three tries).
     */
    static List<Integer> awaitFallback(ScenarioContext ctx, TwinrootGuest guest, String badSlot, String why)
            throws IOException {
        List<Integer> tries = new ArrayList<>();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        while (boot.slot().equals(badSlot) && tries.size() < 5) {
            tries.add(boot.triesLeft());
            ctx.step(guest.bootloader() + " boots slot " + badSlot + " (tries left " + boot.triesLeft() + "): " + why);
            boot = guest.awaitSlotBoot();
        }
        ctx.step(guest.bootloader() + " boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + "): "
                + badSlot + " has no tries left");
        Expect.equal("tries left of " + badSlot + " on each trial boot", List.of(2, 1, 0), tries);
        Expect.that("the slot booted once " + badSlot + "'s tries ran out is the other one, found " + boot.slot(),
                !boot.slot().equals(badSlot));
        String verdict = guest.awaitAssessment();
        ctx.step("the supervisor on " + boot.slot() + " assessed the fallback: " + verdict);
        Expect.equal("assessment after the fallback", "committed", verdict);
        return tries;
    }

    /**
     * Shows the status after a good update committed in {@code slot} and checks it says so: that slot booted and
     * first in the boot order, the release's version, the last update a success for that version, and the install
     * that brought it committed (no longer reboot-pending).
     */
    static Wire.StatusResponse expectUpdated(ScenarioContext ctx, TwinrootGuest guest, String slot, Release release)
            throws IOException {
        Wire.StatusResponse status = showStatus(ctx, guest);
        Expect.equal("booted slot", Optional.of(slot), status.bootedSlot());
        Expect.equal("first slot of the boot order", Optional.of(slot), status.primarySlot());
        Expect.equal("version", Optional.of(release.version()), status.version());
        UpdateOutcome last = status.lastUpdate().orElseThrow(() -> new AssertionError("no last update in status"));
        Expect.equal("last update result", UpdateOutcome.Result.SUCCESS, last.result());
        Expect.equal("last update version", Optional.of(release.version()), last.version());
        Wire.InstallView install = status.lastInstall().orElseThrow(() -> new AssertionError("no last install in status"));
        Expect.equal("last install's result once its slot committed", "committed", install.result());
        Expect.equal("last install's version", release.version(), install.version());
        return status;
    }

    /**
     * The daemon of the boot just assessed maps a class-data archive: on a trial boot, the one the install made
     * for the new slot before the reboot. Notes how long that start took, from {@code supervisor-run} starting
     * the JVM to the end of the assessment (the start-up target of the supervisor issue).
     */
    static void expectClassDataMapped(ScenarioContext ctx, Device device, TwinrootGuest guest, String boot)
            throws IOException {
        List<ConsoleLine> lines = device.console().lines();
        int assessed = lastIndexOf(lines, "assessment of this boot ended", lines.size());
        int started = lastIndexOf(lines, "twinroot-init: starting supervisor", assessed);
        Expect.that("the console shows the daemon's start before its assessment", assessed >= 0 && started >= 0);
        long millis = lines.get(assessed).millis() - lines.get(started).millis();
        List<String> maps = guest.run("grep -c '/data/twinroot/class-data/.*[.]jsa' /proc/$(cat "
                + "/run/twinroot/supervisor.pid)/maps", Duration.ofMinutes(1)).output();
        boolean mapped = !maps.isEmpty() && maps.get(maps.size() - 1).trim().matches("[1-9][0-9]*");
        ctx.step("the daemon of " + boot + " maps its class-data archive: " + mapped + "; its start to the end of"
                + " its assessment took " + millis + " ms");
        ctx.note(boot + ": the daemon's start (supervisor-run) to the end of its assessment took " + millis
                + " ms, class-data archive mapped: " + mapped);
        Expect.that("the daemon of " + boot + " maps a class-data archive (" + String.join(" ", maps) + ")", mapped);
    }

    private static int lastIndexOf(List<ConsoleLine> lines, String text, int before) {
        for (int i = Math.min(before, lines.size()) - 1; i >= 0; i--) {
            if (lines.get(i).text().contains(text)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@code twinrootctl status --json}, parsed, and shown to the person watching as {@code twinrootctl status}
     * prints it (the same {@link StatusText}): one JVM start in the guest instead of two, half a minute under TCG.
     */
    static Wire.StatusResponse showStatus(ScenarioContext ctx, TwinrootGuest guest) throws IOException {
        Wire.StatusResponse status = guest.status();
        ctx.step("twinrootctl status:");
        for (String line : StatusText.render(status, TwinrootGuest.DATA_DIR).split("\n")) {
            ctx.step("  | " + line);
        }
        return status;
    }
}
