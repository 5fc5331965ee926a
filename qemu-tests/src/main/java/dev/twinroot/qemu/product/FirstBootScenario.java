package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.QemuMachine;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * [first-boot] A freshly flashed device whose disk is 256 MiB larger than the image (as a bigger SD card): U-Boot's
 * boot script picks slot A, the kernel and initramfs mount it, the supervisor grows the data partition and its
 * mounted ext4 to the end of the disk, checks the system's health and commits A; {@code twinrootctl status} says
 * so. A second boot is a regular boot of the committed slot, and finds the data partition already full size
 * without reading the partition table again. Then the daemon makes its class-data archive, and its next start
 * maps it.
 */
public final class FirstBootScenario implements Scenario {

    private static final long MIB = 1 << 20;
    private static final long GROWTH = 256 * MIB;
    /** Logged by the supervisor when it grew the data partition at this start. */
    static final Pattern GROWN = Pattern.compile("data partition: grown from (\\d+) to (\\d+) bytes \\(/dev/vda4\\)");
    /** Logged by the supervisor when it made the class-data archive of its jar. */
    static final Pattern CLASS_DATA_MADE = Pattern.compile("class-data archive made: /data/twinroot/class-data/\\S+[.]jsa "
            + "\\(\\d+ bytes\\)");

    @Override
    public String id() {
        return "first-boot";
    }

    @Override
    public String summary() {
        return "first boot: U-Boot picks A, the data partition grows to the disk's end, the supervisor commits A";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        // Debian's U-Boot exactly as shipped, its 2 s countdown included (the other scenarios: ProductMachine).
        Device device = ctx.newDevice("device", QemuMachine.builder().watchdog(true).build(), Optional.of(v1.disk()));
        TwinrootGuest guest = new TwinrootGuest(device);
        Path disk = device.directory().resolve("disk.img");
        long imageBytes = Files.size(disk);
        try (RandomAccessFile file = new RandomAccessFile(disk.toFile(), "rw")) {
            file.setLength(imageBytes + GROWTH);
        }

        ctx.step("powering on a device flashed with release " + v1.version() + " on a disk " + GROWTH / MIB
                + " MiB larger than the image");
        device.powerOn();
        TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
        ctx.step(guest.bootloader() + " boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
        Expect.equal("slot the boot script picks on a new disk", "A", boot.slot());
        ConsoleLine grown = device.console().waitFor(GROWN, Duration.ofMinutes(10));
        ctx.step(grown.text().replaceFirst("^.*?(data partition:)", "$1"));
        Matcher m = GROWN.matcher(grown.text());
        Expect.that("grown line", m.find());
        long before = Long.parseLong(m.group(1));
        long after = Long.parseLong(m.group(2));
        // The data partition gains the growth and the 1 MiB the image leaves behind it, less the backup GPT.
        Expect.equal("data partition after growing", (before + GROWTH + MIB - 34 * 512) / 4096 * 4096, after);
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
        Expect.equal("data growth in status", Optional.of(after),
                status.dataGrowth().flatMap(g -> g.bytesAfter()));
        List<String> df = guest.run("df -k /data", Duration.ofMinutes(1)).requireSuccess().output();
        String[] fields = df.get(df.size() - 1).trim().split("\\s+");
        ctx.step("df -k /data: " + String.join(" ", fields));
        Expect.equal("filesystem of /data", "/dev/vda4", fields[0]);
        // df leaves out the filesystem's own metadata (inode tables, journal): some percent.
        Expect.that("df /data shows the grown filesystem (" + fields[1] + " KiB of " + after / 1024 + ")",
                Long.parseLong(fields[1]) > (after - GROWTH / 8) / 1024 && Long.parseLong(fields[1]) <= after / 1024);

        ctx.step("rebooting: a committed slot boots again as a regular boot");
        guest.reboot();
        TwinrootGuest.SlotBoot again = guest.awaitSlotBoot();
        Expect.equal("slot of the second boot", "A", again.slot());
        device.console().waitFor("data partition: already full size, " + after + " bytes", Duration.ofMinutes(10));
        Expect.equal("assessment of the second boot", "committed", guest.awaitAssessment());
        Expect.equal("boots", 2, device.boots());
        List<String> record = guest.run("cat /data/twinroot/data-growth.json && echo", Duration.ofMinutes(1)).requireSuccess()
                .output();
        Expect.that("the second start did not read the partition table again: " + String.join(" ", record),
                String.join(" ", record).contains("unchanged since the last start"));

        classDataArchive(ctx, device, guest);
    }

    /**
     * The daemon makes its class-data archive after a commit (ten minutes after, on a device; here one second,
     * through a JVM option) and the next start of the daemon maps it.
     */
    private static void classDataArchive(ScenarioContext ctx, Device device, TwinrootGuest guest) throws Exception {
        ctx.step("restarting the daemon with -Dtwinroot.classDataDelaySeconds=1: it makes its class-data archive a "
                + "second after its assessment commits");
        guest.run("cp /etc/twinroot/supervisor.jvm-options /data/jvm-options"
                + " && echo -Dtwinroot.classDataDelaySeconds=1 >> /data/jvm-options"
                + " && mount --bind /data/jvm-options /etc/twinroot/supervisor.jvm-options && killall java",
                Duration.ofMinutes(1)).requireSuccess();
        ConsoleLine made = device.console().waitFor(CLASS_DATA_MADE, Duration.ofMinutes(10));
        ctx.step(made.text().replaceFirst("^.*?(class-data archive made)", "$1"));
        guest.run("umount /etc/twinroot/supervisor.jvm-options && rm /data/jvm-options && killall java",
                Duration.ofMinutes(1)).requireSuccess();
        ConsoleLine started = device.console().waitFor("twinroot-init: starting supervisor", Duration.ofMinutes(2));
        Expect.equal("assessment of the start with the archive", "committed", guest.awaitAssessment());
        ConsoleLine assessed = device.console().lines().get(device.console().lines().size() - 1);
        ctx.note("the start that mapped the archive ended its assessment " + (assessed.millis() - started.millis())
                + " ms after supervisor-run started the JVM");
        List<String> maps = guest.run("grep -c '/data/twinroot/class-data/.*[.]jsa' /proc/$(cat "
                + "/run/twinroot/supervisor.pid)/maps", Duration.ofMinutes(1)).output();
        Expect.that("the daemon maps its class-data archive (" + String.join(" ", maps) + ")",
                !maps.isEmpty() && Integer.parseInt(maps.get(maps.size() - 1).trim()) > 0);
    }
}
