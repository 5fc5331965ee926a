package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import java.util.Optional;

/**
 * [first-boot] A freshly flashed device: U-Boot's boot script picks slot A, the kernel and initramfs mount it,
 * the supervisor checks the system's health and commits A; {@code twinrootctl status} says so. A second boot is
 * a regular boot of the committed slot.
 */
public final class FirstBootScenario implements Scenario {

    @Override
    public String id() {
        return "first-boot";
    }

    @Override
    public String summary() {
        return "first boot: U-Boot picks A, the supervisor commits it, status says A good";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Device device = ctx.newDevice("device", QemuMachine.builder().watchdog(true).build(), Optional.of(v1.disk()));
        TwinrootGuest guest = new TwinrootGuest(device);

        ctx.step("powering on a device flashed with release " + v1.version());
        device.powerOn();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        ctx.step("U-Boot boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
        Expect.equal("slot the boot script picks on a new disk", "A", boot.slot());
        String verdict = guest.awaitAssessment();
        ctx.step("the supervisor assessed the boot: " + verdict);
        Expect.equal("assessment of the first boot", "committed", verdict);
        ctx.note("first boot committed " + device.console().lines().get(device.console().lines().size() - 1).millis()
                + " ms after power-on");

        Wire.StatusResponse status = guest.status();
        ctx.step("status: booted " + status.bootedSlot().orElse("?") + ", first in boot order "
                + status.primarySlot().orElse("?") + ", version " + status.version().orElse("?"));
        Expect.equal("booted slot", Optional.of("A"), status.bootedSlot());
        Expect.equal("first slot of the boot order", Optional.of("A"), status.primarySlot());
        Expect.equal("version", Optional.of(v1.version()), status.version());
        Expect.equal("assessment state", "committed", status.assessment().orElseThrow().state());
        Expect.equal("rollbacks", 0, status.rollbacks().size());

        ctx.step("rebooting: a committed slot boots again as a regular boot");
        guest.reboot();
        TwinrootGuest.SlotBoot again = guest.awaitSlotBoot();
        Expect.equal("slot of the second boot", "A", again.slot());
        Expect.equal("assessment of the second boot", "committed", guest.awaitAssessment());
        Expect.equal("boots", 2, device.boots());
    }
}
