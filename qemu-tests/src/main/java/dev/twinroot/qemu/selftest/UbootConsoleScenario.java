package dev.twinroot.qemu.selftest;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.SerialConsole;
import dev.twinroot.qemu.UBoot;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The harness proving itself on Debian's U-Boot: the console (wait, type, run a command and get its status),
 * boot counting across a guest {@code reset} and the QMP reset button, a power cut (SIGKILL) right after U-Boot
 * wrote a file, the file read back from the disk copy, and a second power-on of the same disk whose boot
 * script finds that file, writes another and powers off.
 */
public final class UbootConsoleScenario implements Scenario {

    private static final Duration STEP = Duration.ofSeconds(60);

    /** Run by U-Boot's distro boot on the second power-on (the first one stops at the prompt). */
    static final String BOOT_SCRIPT = String.join("\n",
            "echo selftest: script start",
            "if load ${devtype} ${devnum}:${distro_bootpart} ${loadaddr} cut.txt; then",
            "  env import -t ${loadaddr} ${filesize}; echo selftest: found nonce ${nonce}",
            "else",
            "  echo selftest: no cut.txt",
            "fi",
            "setenv result booted-${nonce}",
            "env export -t ${loadaddr} result",
            "fatwrite ${devtype} ${devnum}:${distro_bootpart} ${loadaddr} after.txt ${filesize}",
            "poweroff",
            "");

    @Override
    public String id() {
        return "uboot-console";
    }

    @Override
    public String summary() {
        return "harness self-test: U-Boot console, boot counting, resets, power cut and restart on the same disk";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        String nonce = Long.toHexString(ctx.random().nextLong() >>> 1);
        Path image = ScriptDisk.build(ctx.directory().resolve("selftest.img"), BOOT_SCRIPT,
                ctx.directory().resolve("script"));
        Device device = ctx.newDevice("board", QemuMachine.defaults(), Optional.of(image));

        device.powerOn();
        SerialConsole console = device.console();
        ConsoleLine prompt = UBoot.interruptAutoboot(console, STEP);
        ctx.note("U-Boot prompt " + prompt.millis() + " ms after QEMU started (countdown stopped by a key)");
        Expect.equal("boots after power-on", 1, device.boots());

        GuestResult two = device.runInGuest("echo one; echo two");
        Expect.equal("output of 'echo one; echo two'", List.of("one", "two"), two.output());
        Expect.equal("status of 'echo one; echo two'", 0, two.status());
        Expect.equal("status of 'false'", 1, device.runInGuest("false").status());
        Expect.equal("status of 'test 3 -gt 2'", 0, device.runInGuest("test 3 -gt 2").status());
        GuestResult version = device.runInGuest("version").requireSuccess();
        Expect.that("'version' prints the banner, found " + version.output(),
                version.output().stream().anyMatch(l -> UBoot.BANNER.matcher(l).find()));
        Expect.equal("boots after 'version' printed the banner again", 1, device.boots());

        console.send("reset");
        ConsoleLine typed = console.waitFor(Pattern.compile("^=> reset$"), STEP);
        ConsoleLine again = UBoot.interruptAutoboot(console, STEP);
        ctx.note("U-Boot 'reset' to prompt: " + (again.millis() - typed.millis()) + " ms");
        Expect.equal("boots after the guest's reset", 2, device.boots());

        device.reset();
        UBoot.interruptAutoboot(console, STEP);
        Expect.equal("boots after the QMP reset button", 3, device.boots());

        device.runInGuest("setenv nonce " + nonce + "; env export -t ${loadaddr} nonce; "
                + "fatwrite virtio 0:1 ${loadaddr} cut.txt ${filesize}").requireSuccess();
        Expect.equal("QEMU exit status after the power cut (128 + SIGKILL)", 137, device.powerCut());
        String cut = new String(device.disk().readFile("boot", "cut.txt"), StandardCharsets.US_ASCII);
        Expect.contains("cut.txt read back from the disk after the power cut", "nonce=" + nonce, cut);

        device.powerOn();
        console = device.console();
        ConsoleLine script = console.waitFor("selftest: script start", STEP);
        ctx.note("boot.scr started " + script.millis() + " ms after QEMU started (2 s autoboot countdown)");
        console.waitFor("selftest: found nonce " + nonce, STEP);
        Expect.equal("QEMU exit status after the guest's poweroff", 0, device.awaitPowerOff(STEP));
        Expect.equal("boots over the device's life", 4, device.boots());
        String after = new String(device.disk().readFile(1, "after.txt"), StandardCharsets.US_ASCII);
        Expect.contains("after.txt written by boot.scr", "result=booted-" + nonce, after);
    }
}
