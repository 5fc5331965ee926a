package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.Firmware;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.grow.DataGrowth;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * [grub] The GRUB backend on UEFI firmware, through one device's life: the first boot (A committed, the data
 * partition grown to a larger disk), a bad release whose health check fails (B's tries, counted in GRUB's
 * {@code grubenv}, run out and the device is back on A with the reason), then a good release (B committed). These
 * are [first-boot], [rollback-unhealthy] and [full-update] with the other bootloader, on one device so that its
 * boots are not paid three times.
 */
public final class GrubScenario implements Scenario {

    private static final long GROWTH = 128L << 20;

    @Override
    public String id() {
        return "grub";
    }

    @Override
    public String summary() {
        return "GRUB on UEFI: first boot with the data partition grown, a bad release rolled back to A, a full update"
                + " committed on B";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.GRUB_V1);
        Release bad = ctx.releases().get(ReleaseRecipe.GRUB_UNHEALTHY);
        Release v2 = ctx.releases().get(ReleaseRecipe.GRUB_V2);
        try (FileServer server = new FileServer()) {
            String badUrl = server.serve("os-" + bad.version() + ".delta.bundle", bad.deltaBundle());
            String goodUrl = server.serve("os-" + v2.version() + ".bundle", v2.fullBundle());
            Device device = ctx.newDevice("device", QemuMachine.builder().firmware(Firmware.UEFI).watchdog(true)
                    .httpPort(server.port()).build(), Optional.of(v1.disk()));
            Path disk = device.directory().resolve("disk.img");
            try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
                file.setLength(file.length() + GROWTH);
            }
            TwinrootGuest guest = new TwinrootGuest(device);
            ctx.step("a disk " + (GROWTH >> 20) + " MiB larger than the image, UEFI firmware starting GRUB");
            ctx.step("powering on a device running release " + v1.version());
            device.powerOn();
            TwinrootGuest.SlotBoot first = guest.awaitSlotBoot();
            ctx.step("GRUB boots slot " + first.slot() + " (tries left " + first.triesLeft() + ")");
            Expect.equal("slot GRUB picks on a new disk", "A", first.slot());
            ConsoleLine grownLine = device.console().waitFor(FirstBootScenario.GROWN, Duration.ofMinutes(10));
            Matcher grown = FirstBootScenario.GROWN.matcher(grownLine.text());
            Expect.that("grown line", grown.find());
            long before = Long.parseLong(grown.group(1));
            long after = Long.parseLong(grown.group(2));
            ctx.step("data partition: grown from " + before + " to " + after + " bytes");
            Expect.that("the data partition took the disk's extra " + (GROWTH >> 20) + " MiB: " + before + " -> "
                    + after, after - before >= GROWTH);
            String firstVerdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the first boot: " + firstVerdict);
            Expect.equal("assessment of the first boot", "committed", firstVerdict);

            ctx.step("installing the bad release " + bad.version() + " (delta bundle) into slot B");
            guest.install(badUrl).requireSuccess();
            ctx.step("rebooting into the bad release");
            guest.reboot();
            UpdateSteps.awaitFallback(ctx, guest, "B", "its health check fails");

            ctx.step("installing the good release " + v2.version() + " (full bundle) into slot B");
            guest.install(goodUrl).requireSuccess();
            UpdateSteps.rebootInto(ctx, guest, "B");
            String verdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the trial boot of B: " + verdict);
            Expect.equal("assessment of the good release's trial boot", "committed", verdict);

            Wire.StatusResponse status = UpdateSteps.expectUpdated(ctx, guest, "B", v2);
            Expect.equal("rollbacks recorded", 1, status.rollbacks().size());
            Rollback rollback = status.rollbacks().get(0);
            Expect.equal("failed slot of the rollback", "B", rollback.failedSlot());
            Expect.contains("rollback reason", "schema version 7 is not supported", rollback.reason());
            Expect.equal("data partition size in status", Optional.of(after),
                    status.dataGrowth().flatMap(DataGrowth::bytesAfter));
            ctx.note("grub: data partition " + after + " bytes; rollback reason: " + rollback.reason());
        }
    }
}
