package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * A release's disk as a device in the field has it when an update reaches it: flashed onto a larger card and
 * booted once before, so its first boot is behind it (data partition grown to the card, the boot committed) and
 * its supervisor has made its class-data archive (which the daemon does ten minutes after a commit). Product
 * scenarios that update "a device running release 1" start from this disk; {@code [first-boot]} keeps the freshly
 * built one.
 *
 * <p>Made once per release build: one boot in QEMU, the archive made as the daemon makes it ({@code class-data
 * make} with the start's class list), then a clean power-off. Kept next to the release with the release's key, so
 * a rebuilt release gets a new settled disk. Scenarios in parallel share one instance: the first to ask boots, the
 * others wait.
 */
final class SettledDisks {

    /**
     * Room the first boot grows the data partition into: the test releases' data partition (about 130 MiB) holds
     * one slot's class-data archive (about 19 MiB) but not two with the 96 MiB an install leaves free.
     */
    static final long GROWTH = 256L << 20;
    private static final Duration ARCHIVE = Duration.ofMinutes(5);
    private static final Duration POWER_OFF = Duration.ofMinutes(2);

    private final Path directory;
    private final PrintWriter progress;

    SettledDisks(Path directory, PrintWriter progress) {
        this.directory = directory;
        this.progress = progress;
    }

    /** The settled disk of {@code release}, booted now if there is none for this build of it. */
    synchronized Path get(Release release) throws IOException {
        Path out = directory.resolve(release.name() + "-settled");
        Path disk = out.resolve("disk.img");
        Path keyFile = out.resolve("key");
        // The release's build and how it was settled: a change to either settles again.
        String key = Files.readString(release.directory().resolve("key")) + "\nsettled on a disk " + GROWTH
                + " bytes larger, archive made from the start's class list\n";
        if (Files.isRegularFile(disk) && Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key)) {
            return disk;
        }
        long start = System.nanoTime();
        progress.println("settling release " + release.name() + ": its first boot and its class-data archive, into "
                + out);
        progress.flush();
        Files.deleteIfExists(keyFile);
        Path work = out.resolve("boot");
        try (Device device = Device.create("settle", ProductMachine.uboot().build(),
                Optional.of(release.disk()), work)) {
            // Flashed onto a card larger than the image, as devices are: the first boot grows the data partition.
            Path copy = work.resolve("disk.img");
            try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
                file.setLength(Files.size(copy) + GROWTH);
            }
            TwinrootGuest guest = new TwinrootGuest(device);
            device.powerOn();
            guest.awaitSlotBoot();
            String verdict = guest.awaitAssessment();
            if (!verdict.equals("committed")) {
                throw new QemuException("settling " + release.name() + ": its first boot was assessed " + verdict
                        + " (console log in " + work + ")");
            }
            // The daemon keeps its start's class list when the assessment ends (NAME.classlist.start), just after the
            // line awaited above; the archive is then made from it as the daemon would, only sooner.
            GuestResult made = guest.run("C=/usr/lib/twinroot/class-data; L=\"$($C name).classlist.start\"; "
                    + "for i in 1 2 3 4 5 6 7 8 9 10; do [ -s \"$L\" ] && break; sleep 1; done; "
                    + "nice -n 19 $C make \"$L\"", ARCHIVE);
            if (!made.succeeded() || made.output().stream().noneMatch(l -> l.endsWith(".jsa"))) {
                throw new QemuException("settling " + release.name() + ": the class-data archive was not made: "
                        + String.join(" | ", made.output()) + " (console log in " + work + ")");
            }
            guest.start("poweroff");
            device.awaitPowerOff(POWER_OFF);
            Files.move(copy, disk, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(keyFile, key);
        progress.println("settled release " + release.name() + " in " + (System.nanoTime() - start) / 1_000_000_000
                + " s");
        progress.flush();
        return disk;
    }
}
