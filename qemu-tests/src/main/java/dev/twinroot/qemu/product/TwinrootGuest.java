package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.Firmware;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A device running a Twinroot image, driven through its serial console the way an engineer would: which slot
 * the bootloader picked, how the supervisor assessed the boot, a shell for {@code twinrootctl}. Each wait moves
 * forward through the console, so the calls read in the order things happen on the device.
 */
public final class TwinrootGuest {

    /** Printed by the generated boot script: {@code twinroot: booting slot B (tries left 2)}. */
    static final Pattern BOOTING = Pattern.compile("twinroot: booting slot ([AB]) \\(tries left (\\d+)\\)");
    /**
     * Logged by the supervisor when it has decided about this boot. The states are spelt out: the console also
     * matches a line still being printed, and no state name is the beginning of another.
     */
    static final Pattern ASSESSED = Pattern.compile("assessment of this boot ended: (assessing|fallback-detected|"
            + "recording-rollback|running-checks|committing|committed|rebooting-for-fallback|unhealthy)");
    /** Lines of {@code twinrootctl status --json} are prefixed with this, to tell them from log lines. */
    private static final String JSON_PREFIX = "@@";
    /** Where the images the scenarios boot mount their data partition (the image builder's system.json). */
    static final String DATA_DIR = "/data";

    /** Generous: two TCG guests on a loaded 2-core host were seen to need over 5 minutes for one boot. */
    private static final Duration BOOT = Duration.ofMinutes(10);

    private final Device device;
    private int shellBoot = -1;

    public TwinrootGuest(Device device) {
        this.device = device;
    }

    public Device device() {
        return device;
    }

    /** Who picks the slot, as the person watching knows it: U-Boot, or GRUB under UEFI. */
    public String bootloader() {
        return device.machine().firmware() == Firmware.UEFI ? "GRUB" : "U-Boot";
    }

    /** What the boot script said when it handed over to a slot's kernel. */
    public record SlotBoot(String slot, int triesLeft, long millis) {
    }

    /** Waits for the boot script to pick a slot (the next boot from here on the console). */
    public SlotBoot awaitSlotBoot() throws QemuException {
        ConsoleLine line = device.console().waitFor(BOOTING, BOOT);
        Matcher m = BOOTING.matcher(line.text());
        if (!m.find()) {
            throw new IllegalStateException("waitFor returned a line its pattern does not find");
        }
        return new SlotBoot(m.group(1), Integer.parseInt(m.group(2)), line.millis());
    }

    /** Waits for the supervisor's verdict on the current boot: {@code committed}, {@code unhealthy}... */
    public String awaitAssessment() throws QemuException {
        return awaitAssessment(BOOT);
    }

    public String awaitAssessment(Duration timeout) throws QemuException {
        ConsoleLine line = device.console().waitFor(ASSESSED, timeout);
        Matcher m = ASSESSED.matcher(line.text());
        if (!m.find()) {
            throw new IllegalStateException("waitFor returned a line its pattern does not find");
        }
        return m.group(1);
    }

    /** Runs a shell command on the device (activating the console shell first on a new boot). */
    public GuestResult run(String command, Duration timeout) throws QemuException {
        activateShell();
        return device.runInGuest(command, timeout);
    }

    /** {@code twinrootctl status --json}, parsed. */
    public Wire.StatusResponse status() throws IOException {
        // Only stdout is prefixed: a warning on stderr (e.g. the daemon did not answer) stays out of the document.
        GuestResult r = run("twinrootctl status --json | sed 's/^/" + JSON_PREFIX + "/'", Duration.ofMinutes(3));
        StringBuilder json = new StringBuilder();
        for (String line : r.output()) {
            if (line.startsWith(JSON_PREFIX)) {
                json.append(line, JSON_PREFIX.length(), line.length()).append('\n');
            }
        }
        try {
            return Json.reader(Wire.StatusResponse.class).readValue(json.toString());
        } catch (IOException e) {
            throw new QemuException("twinrootctl status --json printed no status document (" + e.getMessage()
                    + "): " + String.join(" | ", r.output()));
        }
    }

    /** {@code twinrootctl install URL}; returns its output, failing when it fails. */
    public GuestResult install(String url) throws QemuException {
        return run("twinrootctl install " + url, Duration.ofMinutes(15));
    }

    /** Types a command at the shell and returns at once: for a command the power will be cut in. */
    public void start(String command) throws QemuException {
        activateShell();
        device.console().send(command);
    }

    /** Reboots the device from its shell (init stops the supervisor, unmounts, resets). */
    public void reboot() throws QemuException {
        activateShell();
        device.console().send("reboot");
    }

    /**
     * busybox init asks for Enter before it starts the console shell. Enter typed before it asks stays in the
     * terminal's buffer until it reads, so no need to wait for the question.
     */
    private void activateShell() throws QemuException {
        int boot = device.boots();
        if (shellBoot != boot) {
            device.console().send("");
            shellBoot = boot;
        }
    }
}
