package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.PackageCache;
import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.build.ImageBuilder;
import dev.twinroot.image.build.ImageConfig;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The default image on a disk 256 MiB larger than the image, as after {@code qemu-img resize} or flashing to a
 * bigger card: the supervisor grows the data partition and its mounted ext4 on the first boot (the one place
 * this project can show the online ext4 resize: the build host's containers lack CAP_SYS_RESOURCE), and finds
 * it full size on the next.
 */
@Tag("qemu")
class DataGrowBootTest {

    private static final Path SUPERVISOR_JAR = Path.of("../supervisor/target/twinroot-supervisor.jar").toAbsolutePath().normalize();
    private static final long MIB = 1 << 20;
    private static final Pattern GROWN = Pattern.compile("data partition: grown from (\\d+) to (\\d+) bytes \\(/dev/vda4\\)");

    @Test
    void theFirstBootGrowsTheDataPartitionToTheEndOfTheDisk() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(SUPERVISOR_JAR), SUPERVISOR_JAR + " is not built (mvn -pl supervisor -am package)");
        Path work = Files.createDirectories(Path.of("target", "data-grow").toAbsolutePath());
        Path out = work.resolve("image");
        new ImageBuilder(line -> { }).build(new ImageBuilder.Request(ImageConfig.defaults(), out, Optional.of(SUPERVISOR_JAR),
                Optional.empty(), false, new DevKeys(work.resolve("keys")), PackageCache.defaultLocation()));

        try (Device device = Device.create("data-grow", QemuMachine.defaults(), Optional.of(out.resolve("disk.img")),
                work.resolve("device"))) {
            long imageBytes = Files.size(device.directory().resolve("disk.img"));
            try (RandomAccessFile disk = new RandomAccessFile(device.directory().resolve("disk.img").toFile(), "rw")) {
                disk.setLength(imageBytes + 256 * MIB);
            }
            device.powerOn();
            ConsoleLine grown = device.console().waitFor(GROWN, Duration.ofMinutes(5));
            Matcher m = GROWN.matcher(grown.text());
            assertTrue(m.find());
            long before = Long.parseLong(m.group(1));
            long after = Long.parseLong(m.group(2));
            assertEquals(128 * MIB, before, grown.text());
            // The data partition gained the 256 MiB and the 1 MiB the image leaves behind it, less the backup GPT.
            long partitionBytes = 128 * MIB + 256 * MIB + MIB - 34 * 512;
            assertEquals(partitionBytes / 4096 * 4096, after, grown.text());
            device.console().waitFor("assessment of this boot ended: committed", Duration.ofMinutes(3));

            device.console().send("");
            List<String> df = device.runInGuest("df -k /data", Duration.ofSeconds(30)).requireSuccess().output();
            String[] fields = df.get(df.size() - 1).trim().split("\\s+");
            assertEquals("/dev/vda4", fields[0], df.toString());
            long kib = Long.parseLong(fields[1]);
            // df leaves out the filesystem's own metadata (inode tables, journal): about 7 % here.
            assertTrue(kib > 350 * 1024 && kib <= after / 1024, "df /data: " + df);
            String record = device.runInGuest("cat /data/twinroot/data-growth.json; echo").requireSuccess().text();
            assertTrue(record.replace(" ", "").contains("\"result\":\"grown\"")
                    && record.replace(" ", "").contains("\"bytesAfter\":" + after), record);

            device.runInGuest("sync").requireSuccess();
            device.shutdown(Duration.ofMinutes(2));
            device.powerOn();
            device.console().waitFor("data partition: already full size, " + after + " bytes (/dev/vda4)", Duration.ofMinutes(5));
        }
    }
}
