package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.Firmware;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * [grub-squashfs] GRUB on UEFI with squashfs slots: GRUB 2.06 cannot find a slot's boot area itself, so it loads
 * the kernel and initramfs through the blocklists the ESP's per-slot records name. The image builder writes A's
 * record; the installer writes B's when a delta update lands there, before it makes B bootable; GRUB then boots
 * B's new kernel from its (moved) boot area and the supervisor commits it.
 */
public final class GrubSquashfsScenario implements Scenario {

    private static final String FROM_BOOT_AREA = "twinroot: kernel in the boot area, blocks (hd0,gpt";

    @Override
    public String id() {
        return "grub-squashfs";
    }

    @Override
    public String summary() {
        return "GRUB with squashfs slots: the kernel from the boot area of A, a delta update into B, B committed";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.GRUB_SQUASHFS_V1);
        Release v2 = ctx.releases().get(ReleaseRecipe.GRUB_SQUASHFS_V2);
        try (FileServer server = new FileServer()) {
            String url = server.serve("os-" + v2.version() + ".delta.bundle", v2.deltaBundle());
            Device device = ctx.newDevice("device", QemuMachine.builder().firmware(Firmware.UEFI).watchdog(true)
                    .httpPort(server.port()).build(), Optional.of(v1.disk()));
            TwinrootGuest guest = new TwinrootGuest(device);
            ctx.step("powering on a device running release " + v1.version() + " (squashfs slots, UEFI + GRUB)");
            device.powerOn();
            TwinrootGuest.SlotBoot first = guest.awaitSlotBoot();
            ctx.step("GRUB boots slot " + first.slot() + " (tries left " + first.triesLeft() + ")");
            Expect.equal("slot GRUB picks on a new disk", "A", first.slot());
            ConsoleLine area = device.console().waitFor(FROM_BOOT_AREA + "2)", Duration.ofMinutes(2));
            ctx.step(area.text().replaceFirst("^.*?(twinroot:)", "$1"));
            device.console().waitFor("rootfstype=squashfs", Duration.ofMinutes(5));
            String firstVerdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the first boot: " + firstVerdict);
            Expect.equal("assessment of the first boot", "committed", firstVerdict);
            List<String> mounts = guest.run("grep ' / ' /proc/mounts", Duration.ofMinutes(1)).requireSuccess().output();
            Expect.that("/ is the squashfs slot A (" + mounts + ")",
                    mounts.stream().anyMatch(l -> l.matches("/dev/vda2 / squashfs ro[ ,].*")));

            ctx.step("installing release " + v2.version() + " (delta bundle) into slot B");
            guest.install(url).requireSuccess();
            List<String> record = guest.run("od -c /mnt/boot/EFI/BOOT/slot-b.env | head -8", Duration.ofMinutes(1))
                    .requireSuccess().output();
            ctx.step("B's record on the ESP: " + String.join(" | ", record));
            UpdateSteps.rebootInto(ctx, guest, "B");
            ConsoleLine areaB = device.console().waitFor(FROM_BOOT_AREA + "3)", Duration.ofMinutes(2));
            ctx.step(areaB.text().replaceFirst("^.*?(twinroot:)", "$1"));
            String verdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the trial boot of B: " + verdict);
            Expect.equal("assessment of the update's trial boot", "committed", verdict);
            UpdateSteps.expectUpdated(ctx, guest, "B", v2);
        }
    }
}
