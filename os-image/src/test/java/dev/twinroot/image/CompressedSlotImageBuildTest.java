package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.build.BuildManifest;
import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.build.ImageBuilder;
import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageConfigReader;
import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Whole image builds with squashfs slots, twice (the second with the first as {@code --previous}); erofs slots
 * take the same path with another filesystem tool ({@code SlotBootAreaWriterTest} builds both for real, and
 * CI time is tight). The slot image is the filesystem plus its boot area, smaller than the partition,
 * byte-identical when rebuilt, at the start of partition 2 on the disk, measured by the bundles; the delta from the
 * previous squashfs build verifies and starts from the previous slot.img.
 */
class CompressedSlotImageBuildTest {
    private static final Path WORK = Path.of("target", "compressed-slot-build").toAbsolutePath();
    private static final Duration TOOL = Duration.ofMinutes(5);
    private static final List<String> LOG = new ArrayList<>();
    private static BuildManifest squashfs;
    private static BuildManifest squashfsAgain;

    @BeforeAll
    static void build() throws IOException {
        if (Files.exists(WORK)) {
            try (var walk = Files.walk(WORK)) {
                for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
        DevKeys keys = new DevKeys(WORK.resolve("keys"));
        squashfs = build("{\"slotFilesystem\": \"squashfs\", \"sizes\": {\"slot\": \"448MiB\"}}", "squashfs", Optional.empty(), keys);
        squashfsAgain = build("{\"slotFilesystem\": \"squashfs\", \"sizes\": {\"slot\": \"448MiB\"}}", "squashfs-again",
                Optional.of(WORK.resolve("squashfs")), keys);
    }

    private static BuildManifest build(String json, String name, Optional<Path> previous, DevKeys keys) throws IOException {
        ImageConfig config = new ImageConfigReader().parse(name, json, false);
        return new ImageBuilder(LOG::add).build(new ImageBuilder.Request(config, WORK.resolve(name), Optional.empty(),
                previous, false, keys, PackageCache.defaultLocation()));
    }

    @Test
    void aSquashfsBuildIsReproducibleAndSmallerThanItsPartition() {
        for (String file : List.of("disk.img", "slot.img")) {
            assertEquals(squashfs.output(file).orElseThrow(), squashfsAgain.output(file).orElseThrow(), file);
        }
        for (BuildManifest m : List.of(squashfs)) {
            long slot = m.output("slot.img").orElseThrow().size();
            assertTrue(slot < m.slotSizeBytes() && slot % 4096 == 0, m.slotFilesystem() + " slot.img " + slot);
        }
        assertTrue(LOG.stream().anyMatch(l -> l.startsWith("slot A: squashfs, 448 MiB partition")), LOG.toString());
        assertTrue(LOG.stream().anyMatch(l -> l.startsWith("java trust store: etc/ssl/certs/java/cacerts")
                || l.startsWith("java trust store: /etc/ssl/certs/java/cacerts")), LOG.toString());
    }

    @Test
    void theDiskCarriesSlotImgAtTheStartOfPartitionTwoAndTheBootAreaAfterTheFilesystem() throws IOException {
        for (String name : List.of("squashfs")) {
            Path slotImg = WORK.resolve(name).resolve("slot.img");
            byte[] slot = Files.readAllBytes(slotImg);
            Path disk = WORK.resolve(name).resolve("disk.img");
            try (FileDisk d = FileDisk.openReadOnly(disk, 512); FileChannel in = FileChannel.open(disk, StandardOpenOption.READ)) {
                DiskLabel.Partition p = new Partitioner(new Random(1)).read(d).partitions().get(Partition.ROOTFS_A.number() - 1);
                ByteBuffer onDisk = ByteBuffer.allocate(slot.length);
                while (onDisk.hasRemaining() && in.read(onDisk, p.start() * 512 + onDisk.position()) > 0) {
                    // read the slot's bytes from partition 2
                }
                assertArrayEquals(slot, onDisk.array(), name + ": partition 2 starts with slot.img");
            }
            ByteBuffer le = ByteBuffer.wrap(slot).order(ByteOrder.LITTLE_ENDIAN);
            dev.twinroot.updater.contract.SlotFilesystemType type = dev.twinroot.updater.contract.SlotFilesystemType.named(name).orElseThrow();
            long fs = Integer.toUnsignedLong(le.getInt(type.sizeFieldOffset())) * type.sizeUnit();
            int area = (int) SlotBootArea.start(fs);
            assertEquals(SlotBootArea.MAGIC, le.getInt(area), name);
            int kernelAt = area + le.getInt(area + SlotBootArea.KERNEL_OFFSET_OFFSET);
            assertEquals(0x644d5241, le.getInt(kernelAt + 0x38), name + ": an arm64 Image ('ARM\\x64' at 0x38) in the area");
            int initrdAt = area + le.getInt(area + SlotBootArea.INITRD_OFFSET_OFFSET);
            assertEquals(0x8b1f, le.getShort(initrdAt) & 0xffff, name + ": a gzip initramfs in the area");
        }
        String cacerts = new ExternalTool("unsquashfs", "squashfs-tools").run(List.of("-lls",
                WORK.resolve("squashfs").resolve("slot.img").toString(), "etc/ssl/certs/java"), TOOL).requireSuccess().stdout();
        assertTrue(cacerts.contains("squashfs-root/etc/ssl/certs/java/cacerts"), cacerts);
    }

    @Test
    void theBundlesDescribeTheShortImageAndTheDeltaStartsFromThePreviousBuild() throws IOException {
        Path keyring = Files.createDirectories(WORK.resolve("keyring"));
        Files.copy(WORK.resolve("keys/ca.pem"), keyring.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        CmsVerifier verifier = new CmsVerifier(Keyring.load(keyring), ClockPolicy.system());
        BuildManifest.Output slot = squashfs.output("slot.img").orElseThrow();
        try (InputStream in = Files.newInputStream(WORK.resolve("squashfs/update.bundle"));
             BundleReader bundle = BundleReader.open(in, verifier)) {
            Payload full = bundle.verifyRemaining().get(0).payload();
            assertEquals(PayloadKind.FULL, full.kind());
            assertEquals(slot.size(), full.imageSize());
            assertEquals(slot.sha256(), full.imageSha256().hex());
        }
        try (InputStream in = Files.newInputStream(WORK.resolve("squashfs-again/update-delta.bundle"));
             BundleReader bundle = BundleReader.open(in, verifier)) {
            Payload delta = bundle.verifyRemaining().get(0).payload();
            assertEquals(PayloadKind.DELTA, delta.kind());
            assertEquals(slot.size(), delta.deltaSource().orElseThrow().size());
            assertEquals(slot.sha256(), delta.deltaSource().orElseThrow().sha256().hex());
            assertEquals(slot.size(), delta.imageSize(), "same config: same image");
        }
    }
}
