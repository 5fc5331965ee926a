package dev.twinroot.qemu.selftest;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.Firmware;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.SerialConsole;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The harness proving its UEFI invocation: EDK2 from the AAVMF flash with a private variable store boots (no
 * disk, so to its built-in shell), takes a command, counts a QMP reset as a second boot, and quits cleanly.
 */
public final class UefiShellScenario implements Scenario {

    private static final Duration STEP = Duration.ofSeconds(90);
    private static final Pattern BANNER = Pattern.compile("UEFI firmware \\(version");
    private static final Pattern SHELL_PROMPT = Pattern.compile("Shell> $");

    @Override
    public String id() {
        return "uefi-shell";
    }

    @Override
    public String summary() {
        return "harness self-test: EDK2 UEFI firmware boots to its shell, reset counting, clean quit";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Device device = ctx.newDevice("uefi", QemuMachine.builder().firmware(Firmware.UEFI).build(), Optional.empty());
        device.powerOn();
        SerialConsole console = device.console();
        ConsoleLine shell = toShell(console);
        ctx.note("UEFI shell prompt " + shell.millis() + " ms after QEMU started (startup.nsh countdown skipped by a key)");
        Expect.equal("boots after power-on", 1, device.boots());

        console.send("ver");
        console.waitFor("UEFI Interactive Shell v", STEP);

        device.reset();
        toShell(console);
        Expect.equal("boots after the QMP reset button", 2, device.boots());
        Expect.equal("QEMU exit status after QMP quit", 0, device.shutdown(STEP));
    }

    private static ConsoleLine toShell(SerialConsole console) throws Exception {
        console.waitFor(BANNER, STEP);
        console.waitFor("Press ESC in", STEP);
        console.type(" ");
        return console.waitFor(SHELL_PROMPT, STEP);
    }
}
