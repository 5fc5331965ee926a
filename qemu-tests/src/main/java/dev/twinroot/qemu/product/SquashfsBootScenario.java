package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * [squashfs-boot] One boot of a release whose slots are squashfs: U-Boot, which cannot read squashfs, loads the
 * kernel and initramfs from the slot's raw boot area, the initramfs mounts the slot as squashfs
 * ({@code rootfstype=squashfs}), and the supervisor commits the slot. The slot image is smaller than its partition.
 */
public final class SquashfsBootScenario implements Scenario {

    private static final Pattern BOOT_AREA = Pattern.compile("twinroot: kernel in the boot area at sector [0-9a-f]+, "
            + "0x[0-9a-f]+ bytes, initramfs 0x[0-9a-f]+ bytes");

    @Override
    public String id() {
        return "squashfs-boot";
    }

    @Override
    public String summary() {
        return "a squashfs slot: U-Boot loads the kernel from the slot's boot area, the supervisor commits the slot";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release release = ctx.releases().get(ReleaseRecipe.SQUASHFS);
        long slotImage = Files.size(release.slotImage());
        ctx.step("release " + release.version() + ": squashfs slot image of " + (slotImage >> 20) + " MiB in a "
                + ReleaseRecipe.SLOT_SIZE + " partition");
        Expect.that("the squashfs slot image is smaller than its partition", slotImage < 448L << 20);
        Device device = ctx.newDevice("device", ProductMachine.uboot().build(), Optional.of(release.disk()));
        TwinrootGuest guest = new TwinrootGuest(device);

        device.powerOn();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        ctx.step("U-Boot boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
        Expect.equal("slot the boot script picks on a new disk", "A", boot.slot());
        ConsoleLine area = device.console().waitFor(BOOT_AREA, Duration.ofMinutes(2));
        ctx.step(area.text().replaceFirst("^.*?(twinroot:)", "$1"));
        device.console().waitFor("rootfstype=squashfs", Duration.ofMinutes(5));
        // The supervisor's own first line names the release: no twinrootctl JVM needed (CI time, emulated JVMs).
        device.console().waitFor("twinroot supervisor starting: boot ", Duration.ofMinutes(10));
        String verdict = guest.awaitAssessment();
        ctx.step("the supervisor assessed the boot: " + verdict);
        Expect.equal("assessment of the boot", "committed", verdict);

        List<String> mounts = guest.run("grep ' / ' /proc/mounts", Duration.ofMinutes(1)).requireSuccess().output();
        ctx.step("root: " + String.join(" | ", mounts));
        Expect.that("/ is the squashfs slot (" + mounts + ")",
                mounts.stream().anyMatch(l -> l.matches("/dev/vda2 / squashfs ro[ ,].*")));
        Expect.that("the supervisor runs release " + release.version(), device.console().lines().stream()
                .anyMatch(l -> l.text().contains("twinroot supervisor starting: boot ")
                        && l.text().strip().endsWith(", version " + release.version())));
    }
}
