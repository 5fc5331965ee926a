package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * [power-cut] Power is cut (SIGKILL to QEMU) at a series of points of one device's update life: while the
 * installer marks the target slot bad, downloads and writes it, verifies it and activates it (a boot-state write);
 * while U-Boot writes the boot state on a trial boot and on a regular boot; while the supervisor commits a trial
 * boot and a regular boot; while it records a fallback. After every cut the device is powered on again and must
 * reach a committed slot on its own, running either the old or the new release; at the end the update completes.
 * {@code extraCuts} adds cuts at random moments (seeded: the seed in the summary replays them).
 */
public final class PowerCutScenario implements Scenario {

    private static final Duration STEP = Duration.ofMinutes(10);
    private static final Pattern BOOT_STATE_WRITE = Pattern.compile("twinroot: saving boot state to boot-state-[12]\\.env");
    private static final Pattern COMMITTING = Pattern.compile("assessment: assessment: committing");
    private static final Pattern FALLBACK = Pattern.compile("assessment: assessment: (fallback-detected|recording-rollback)");

    private final int extraCuts;
    private int cuts;
    private final List<String> outcomes = new ArrayList<>();

    public PowerCutScenario() {
        this(0);
    }

    public PowerCutScenario(int extraCuts) {
        if (extraCuts < 0 || extraCuts > 1000) {
            throw new IllegalArgumentException("extra power cuts must be 0..1000, found " + extraCuts);
        }
        this.extraCuts = extraCuts;
    }

    @Override
    public String id() {
        return "power-cut";
    }

    @Override
    public String summary() {
        return "power cuts during download, slot write, verification, every boot-state write and commit: the device"
                + " always reaches a committed slot and the update completes"
                + (extraCuts > 0 ? " (+" + extraCuts + " random cuts)" : "");
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Release v2 = ctx.releases().get(ReleaseRecipe.V2);
        try (FileServer server = new FileServer()) {
            String delta = server.serve("delta.bundle", v2.deltaBundle());
            String full = server.serve("full.bundle", v2.fullBundle());
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(ctx.releases().settledDisk(v1)));
            TwinrootGuest guest = new TwinrootGuest(device);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            // The installer's steps, on the running release 1 (each cut leaves it there, or activates release 2).
            // The full bundle where the state comes before any slot is read: a delta hashes the running slot first
            // (about 30 s of emulated CPU), and the delta's own states are cut further down.
            installAndCut(ctx, guest, full, "the installer marks the target slot bad", installState("mark-bad"),
                    Duration.ZERO);
            installAndCut(ctx, guest, full, "the download and slot write (random moment)", installState("write"),
                    Duration.ofMillis(ctx.random().nextInt(5000)));
            installAndCut(ctx, guest, full, "half-way through the slot write", Pattern.compile("^ +write 50% "), Duration.ZERO);
            installAndCut(ctx, guest, delta, "the verification of the written slot", installState("verify-target"),
                    Duration.ZERO);
            installAndCut(ctx, guest, delta, "the activation (the installer's boot-state write)",
                    installState("activate"), Duration.ZERO);

            // A trial boot of release 2: U-Boot's boot-state write, then the supervisor's commit.
            Wire.StatusResponse now = guest.status();
            if (now.version().equals(Optional.of(v1.version()))) {
                ctx.step("installing release " + v2.version() + " (delta) without a cut");
                guest.install(delta).requireSuccess();
            }
            if (now.version().equals(Optional.of(v1.version())) || now.pendingUpdate().isPresent()) {
                guest.reboot();
                // Not settled in between: the next power-on's commit is the one cut next.
                cutAndPowerOn(ctx, guest, "U-Boot's boot-state write on a trial boot", BOOT_STATE_WRITE);
                device.console().waitFor(COMMITTING, STEP);
                cutNow(ctx, guest, "the supervisor's commit of a trial boot");
            }
            Expect.equal("version once the trial boots were cut", Optional.of(v2.version()), guest.status().version());

            // A regular boot of the committed release 2.
            guest.reboot();
            cutAndPowerOn(ctx, guest, "U-Boot's boot-state write on a regular boot", BOOT_STATE_WRITE);
            device.console().waitFor(COMMITTING, STEP);
            cutNow(ctx, guest, "the supervisor's commit of a regular boot");

            // A fallback: release 2 is marked bad, U-Boot falls back to A, the supervisor records it.
            String booted = guest.status().bootedSlot().orElseThrow();
            ctx.step("marking slot " + booted + " bad and rebooting: U-Boot falls back to the other slot");
            guest.run("twinrootctl mark-bad", Duration.ofMinutes(3)).requireSuccess();
            guest.reboot();
            cut(ctx, guest, "the supervisor's record of a fallback", FALLBACK, Duration.ZERO);
            Wire.StatusResponse fellBack = guest.status();
            Expect.that("after the fallback the device runs the other slot, found " + fellBack.bootedSlot(),
                    !fellBack.bootedSlot().equals(Optional.of(booted)));

            for (int i = 0; i < extraCuts; i++) {
                randomCut(ctx, guest, v1, delta, full);
            }

            // The update completes on the next attempt.
            Wire.StatusResponse before = guest.status();
            if (!before.version().equals(Optional.of(v2.version()))) {
                ctx.step("installing release " + v2.version() + " once more, without a cut");
                guest.install(before.version().equals(Optional.of(v1.version())) ? delta : full).requireSuccess();
                guest.reboot();
                Expect.equal("assessment of the final update's trial boot", "committed", settle(ctx, guest).verdict());
            }
            Wire.StatusResponse end = UpdateSteps.showStatus(ctx, guest);
            Expect.equal("version at the end", Optional.of(v2.version()), end.version());
            Expect.that("at least 10 power cuts, found " + cuts, cuts >= 10);
            ctx.note(cuts + " power cuts: " + String.join("; ", outcomes));
        }
    }

    /**
     * The daemon's log line of an install entering {@code state} ({@code install N of V into slot S: state}): the
     * daemon installs for {@code twinrootctl install} and logs each state as it enters it, before the command
     * (which follows it over the API) prints {@code state: ...}.
     */
    private static Pattern installState(String state) {
        return Pattern.compile("install [0-9]+ of [^ ]+ into slot [AB]: " + Pattern.quote(state) + "\\b");
    }

    /** Types an install and cuts the power {@code delay} after {@code marker} appears. */
    private void installAndCut(ScenarioContext ctx, TwinrootGuest guest, String url, String what, Pattern marker,
                               Duration delay) throws IOException {
        // No status check first (a JVM start in the guest, half a minute under TCG): every cut before this one
        // ended in a settle that saw the supervisor commit, so the running slot is committed and no trial pends.
        ctx.step("installing " + url + "; the power is cut at " + what);
        guest.start("twinrootctl install " + url);
        cut(ctx, guest, what, marker, delay);
    }

    private void cut(ScenarioContext ctx, TwinrootGuest guest, String what, Pattern marker, Duration delay)
            throws IOException {
        guest.device().console().waitFor(marker, STEP);
        pause(delay);
        cutNow(ctx, guest, what);
    }

    /**
     * Cuts, powers on and waits for a committed boot. No {@code twinrootctl status} here: each costs a JVM start
     * under TCG (half a minute); the slot and the verdict come from the console.
     */
    private void cutNow(ScenarioContext ctx, TwinrootGuest guest, String what) throws IOException {
        int status = guest.device().powerCut();
        Expect.equal("QEMU exit status of power cut " + (cuts + 1), 137, status);
        cuts++;
        ctx.step("power cut " + cuts + " at " + what + "; powering on again");
        guest.device().powerOn();
        Settled settled = settle(ctx, guest);
        outcomes.add(what + " -> " + settled.verdict() + " on " + settled.slot());
        ctx.step("after power cut " + cuts + ": " + settled.verdict() + " on slot " + settled.slot());
        Expect.equal("assessment after power cut " + cuts + " (" + what + ")", "committed", settled.verdict());
    }

    /**
     * Cuts at {@code marker} and powers on again without waiting for a commit, so that the cut after it lands
     * in the same update's next boot. That cut's settle then proves the device reaches a committed slot.
     */
    private void cutAndPowerOn(ScenarioContext ctx, TwinrootGuest guest, String what, Pattern marker)
            throws IOException {
        guest.device().console().waitFor(marker, STEP);
        Expect.equal("QEMU exit status of power cut " + (cuts + 1), 137, guest.device().powerCut());
        cuts++;
        outcomes.add(what + " -> powered on again");
        ctx.step("power cut " + cuts + " at " + what + "; powering on again");
        guest.device().powerOn();
    }

    /** The last boot of a settle: its slot and the supervisor's verdict. */
    private record Settled(String slot, String verdict) {
    }

    /** Waits through boots (a trial may end in a fallback) until the supervisor commits one. */
    private static Settled settle(ScenarioContext ctx, TwinrootGuest guest) throws QemuException {
        String verdict = "";
        String slot = "?";
        for (int boots = 0; boots < 5 && !verdict.equals("committed"); boots++) {
            TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
            ctx.step(guest.bootloader() + " boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
            slot = boot.slot();
            verdict = guest.awaitAssessment();
        }
        return new Settled(slot, verdict);
    }

    /** A cut at a random moment of an install or of a reboot. */
    private void randomCut(ScenarioContext ctx, TwinrootGuest guest, Release v1, String delta, String full)
            throws IOException {
        Duration delay = Duration.ofMillis(ctx.random().nextInt(40_000));
        if (ctx.random().nextBoolean()) {
            Wire.StatusResponse status = guest.status();
            String url = status.version().equals(Optional.of(v1.version())) ? delta : full;
            ctx.step("random cut: installing " + url + ", cut " + delay.toMillis() + " ms after the install starts");
            guest.start("twinrootctl install " + url);
            pause(delay);
            cutNow(ctx, guest, "a random moment of an install (" + delay.toMillis() + " ms)");
        } else {
            ctx.step("random cut: rebooting, cut " + delay.toMillis() + " ms later");
            guest.reboot();
            pause(delay);
            cutNow(ctx, guest, "a random moment of a reboot (" + delay.toMillis() + " ms)");
        }
    }

    private static void pause(Duration delay) throws QemuException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted before a power cut", e);
        }
    }
}
