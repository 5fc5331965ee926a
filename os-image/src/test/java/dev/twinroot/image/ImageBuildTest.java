package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.build.BuildManifest;
import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.build.ImageBuilder;
import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.updater.bundle.BundleHeader;
import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The default image, built twice (the second time with the first as {@code --previous}): the suite's only full
 * image builds. Checked with our partitioner, sgdisk, fsck and debugfs, the boot state read back with the
 * updater's codec, the two builds compared byte for byte, and the disk booted with real U-Boot under QEMU.
 */
class ImageBuildTest {
    private static final Path WORK = Path.of("target", "image-build").toAbsolutePath();
    private static final Duration TOOL = Duration.ofMinutes(5);
    private static BuildManifest first;
    private static BuildManifest second;
    private static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void buildTwice() throws IOException {
        deleteTree(WORK);
        DevKeys keys = new DevKeys(WORK.resolve("keys"));
        first = new ImageBuilder(LOG::add).build(new ImageBuilder.Request(ImageConfig.defaults(), WORK.resolve("a"),
                Optional.empty(), Optional.empty(), false, keys, PackageCache.defaultLocation()));
        second = new ImageBuilder(LOG::add).build(new ImageBuilder.Request(ImageConfig.defaults(), WORK.resolve("b"),
                Optional.empty(), Optional.of(WORK.resolve("a")), false, keys, PackageCache.defaultLocation()));
    }

    @Test
    void sameInputsGiveTheSameBytes() throws IOException {
        for (String file : List.of("disk.img", "slot.img")) {
            assertEquals(first.output(file).orElseThrow(), second.output(file).orElseThrow(), file);
        }
        // CMS signatures carry a signing time (and ECDSA is randomized): everything but the signatures must match.
        BundleWriter reader = new BundleWriter(BundleLimits.DEFAULT);
        BundleHeader a = reader.readHeader(WORK.resolve("a/update.bundle"));
        BundleHeader b = reader.readHeader(WORK.resolve("b/update.bundle"));
        assertArrayEquals(a.manifest(), b.manifest());
        assertArrayEquals(tail(WORK.resolve("a/update.bundle"), a.encodedLength()),
                tail(WORK.resolve("b/update.bundle"), b.encodedLength()));
        assertEquals(first.packages(), second.packages());
        assertEquals(first.slotModules(), second.slotModules());
        assertEquals(first.slotUsedBytes(), second.slotUsedBytes());
    }

    @Test
    void manifestDescribesEveryOutput() throws IOException {
        for (String file : List.of("disk.img", "slot.img", "update.bundle")) {
            BuildManifest.Output o = first.output(file).orElseThrow();
            assertEquals(Files.size(WORK.resolve("a").resolve(file)), o.size(), file);
        }
        assertEquals(first.slotSizeBytes(), first.output("slot.img").orElseThrow().size());
        assertTrue(first.packages().stream().anyMatch(p -> p.name().equals("busybox-static")), first.packages().toString());
        // containers: true by default: runc, and apt's dependency for it, the library in runc's ELF NEEDED entries.
        for (String pkg : List.of("runc", "libseccomp2")) {
            assertTrue(first.packages().stream().anyMatch(p -> p.name().equals(pkg)), pkg + " in " + first.packages());
        }
        assertTrue(LOG.contains("containers: runc at /usr/sbin/runc"), LOG.toString());
        assertTrue(first.supervisor().startsWith("missing:"), first.supervisor());
        assertTrue(LOG.stream().anyMatch(l -> l.startsWith("supervisor: missing:")), LOG.toString());
        assertTrue(first.slotModules().contains("virtio_blk") && first.slotModules().contains("virtio_net"),
                first.slotModules().toString());
        assertTrue(Files.isRegularFile(WORK.resolve("b/update-delta.bundle")));
        assertTrue(second.output("update-delta.bundle").isPresent());
        assertTrue(first.slotUsedBytes() < first.slotSizeBytes() * 3 / 4,
                "slot files " + first.slotUsedBytes() + " leave under 25 % of the " + first.slotSizeBytes() + " byte slot");
    }

    @Test
    void bundlesVerifyWithTheDevelopmentCaAndDescribeTheSlots() throws IOException {
        Path keyring = Files.createDirectories(WORK.resolve("keyring"));
        Files.copy(WORK.resolve("keys/ca.pem"), keyring.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        CmsVerifier verifier = new CmsVerifier(Keyring.load(keyring), ClockPolicy.system());
        String slotA = first.output("slot.img").orElseThrow().sha256();
        String slotB = second.output("slot.img").orElseThrow().sha256();
        try (InputStream in = Files.newInputStream(WORK.resolve("a/update.bundle"));
             BundleReader bundle = BundleReader.open(in, verifier)) {
            assertEquals("twinroot-qemu-arm64", bundle.manifest().manifest().compatible());
            Payload full = bundle.verifyRemaining().get(0).payload();
            assertEquals(PayloadKind.FULL, full.kind());
            assertEquals("rootfs", full.slotClass());
            assertEquals(slotA, full.imageSha256().hex());
            assertEquals(first.slotSizeBytes(), full.imageSize());
        }
        try (InputStream in = Files.newInputStream(WORK.resolve("b/update-delta.bundle"));
             BundleReader bundle = BundleReader.open(in, verifier)) {
            Payload delta = bundle.verifyRemaining().get(0).payload();
            assertEquals(PayloadKind.DELTA, delta.kind());
            assertEquals(slotA, delta.deltaSource().orElseThrow().sha256().hex());
            assertEquals(slotB, delta.imageSha256().hex());
        }
    }

    @Test
    void partitionTableMatchesTheBootContract() throws IOException {
        Path disk = WORK.resolve("a/disk.img");
        try (FileDisk d = FileDisk.openReadOnly(disk, 512)) {
            Partitioner partitioner = new Partitioner(new Random(1));
            assertEquals(List.of(), partitioner.verify(d));
            DiskLabel label = partitioner.read(d);
            for (Partition p : Partition.values()) {
                DiskLabel.Partition found = label.partitions().get(p.number() - 1);
                assertEquals(p.number(), found.number());
                assertEquals(p.label(), found.name(), "partition " + p.number());
            }
        }
        String sgdisk = new ExternalTool("sgdisk", "gdisk").run(List.of("-v", disk.toString()), TOOL).requireSuccess().stdout();
        assertTrue(sgdisk.contains("No problems found"), sgdisk);
    }

    @Test
    void filesystemsAreClean() throws IOException {
        Path slot = extract(Partition.ROOTFS_A);
        assertArrayEquals(sha(WORK.resolve("a/slot.img")), sha(slot), "slot A on the disk is slot.img");
        ExternalTool fsckExt4 = new ExternalTool("fsck.ext4", "e2fsprogs");
        fsckExt4.run(List.of("-n", "-f", slot.toString()), TOOL).requireSuccess();
        fsckExt4.run(List.of("-n", "-f", extract(Partition.DATA).toString()), TOOL).requireSuccess();
        new ExternalTool("fsck.vfat", "dosfstools").run(List.of("-n", extract(Partition.BOOT).toString()), TOOL).requireSuccess();
        String etc = Tools.DEBUGFS.run(List.of("-R", "ls -l /etc/twinroot", slot.toString()), TOOL).requireSuccess().stdout();
        for (String name : List.of("system.json", "version", "keyring", "supervisor.jvm-options")) {
            assertTrue(etc.contains(" " + name + "\n") || etc.endsWith(" " + name), name + " missing:\n" + etc);
        }
        Path cacerts = WORK.resolve("cacerts");
        Files.deleteIfExists(cacerts);
        Tools.DEBUGFS.run(List.of("-R", "dump /etc/ssl/certs/java/cacerts " + cacerts, slot.toString()), TOOL).requireSuccess();
        try {
            // The JRE's link target, now a store of Debian's CA certificates (about 140).
            assertTrue(java.security.KeyStore.getInstance(cacerts.toFile(), (char[]) null).size() > 100);
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError("the slot's Java trust store does not load", e);
        }
        String keyring = Tools.DEBUGFS.run(List.of("-R", "ls -l /etc/twinroot/keyring", slot.toString()), TOOL).stdout();
        assertTrue(keyring.contains("ca.pem"), keyring);
        Path system = WORK.resolve("system.json");
        Files.deleteIfExists(system);
        Tools.DEBUGFS.run(List.of("-R", "dump /etc/twinroot/system.json " + system, slot.toString()), TOOL).requireSuccess();
        String json = Files.readString(system);
        dev.twinroot.updater.config.SystemConfig device = new dev.twinroot.updater.config.SystemConfigParser().read(system);
        assertEquals("twinroot-qemu-arm64", device.compatible(), json);
        assertEquals(dev.twinroot.updater.config.BootBackend.UBOOT, device.bootBackend(), json);
        assertTrue(json.contains("\"partlabel\" : \"rootfs-a\""), json);
        // A Raspberry Pi build copies the kernel's device tree from here to its boot partition (RaspberryPiBoot).
        String trees = Tools.DEBUGFS.run(List.of("-R", "ls -p /usr/lib/linux-image-" + first.kernelVersion()
                + "/broadcom", slot.toString()), TOOL).stdout();
        assertTrue(trees.contains("/bcm2711-rpi-4-b.dtb/"), "the slot keeps the Pi 4 device tree: " + trees);
        String modules = Tools.DEBUGFS.run(List.of("-R", "ls -p /lib/modules/" + first.kernelVersion() + "/kernel/sound",
                slot.toString()), TOOL).stdout() + Tools.DEBUGFS.run(List.of("-R", "ls -p /lib/modules/"
                + first.kernelVersion() + "/kernel/sound", slot.toString()), TOOL).stderr();
        assertTrue(modules.contains("File not found"), "sound drivers were not trimmed: " + modules);
    }

    @Test
    void bootStateReadsBackWithTheUpdaterCodec() throws IOException {
        Path boot = extract(Partition.BOOT);
        List<Optional<byte[]>> copies = new ArrayList<>();
        for (String file : BootContract.STATE_FILES) {
            Path out = WORK.resolve(file);
            Files.deleteIfExists(out);
            Tools.MCOPY.run(List.of("-i", boot.toString(), "::/" + file, out.toString()), TOOL).requireSuccess();
            copies.add(Optional.of(Files.readAllBytes(out)));
            RedundantBootState.parse(copies.size() - 1, Files.readAllBytes(out));
        }
        assertEquals(BootState.defaults(), RedundantBootState.state(RedundantBootState.newest(copies).orElseThrow()));
        Path scr = WORK.resolve("boot.scr");
        Files.deleteIfExists(scr);
        Tools.MCOPY.run(List.of("-i", boot.toString(), "::/" + BootContract.BOOT_SCRIPT, scr.toString()), TOOL).requireSuccess();
        ByteBuffer header = ByteBuffer.wrap(Files.readAllBytes(scr));
        assertEquals(0x27051956, header.getInt(0));
        assertEquals(ImageConfig.defaults().epoch().intValue(), header.getInt(8), "boot.scr time is the build epoch");
    }

    @Test
    @Tag("qemu")
    void bootsWithUBoot() throws Exception {
        Path uboot = Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin");
        assertTrue(Files.isRegularFile(uboot), "u-boot-qemu is in scripts/setup-host: " + uboot);
        Path copy = WORK.resolve("boot-copy.img");
        Files.copy(WORK.resolve("a/disk.img"), copy, StandardCopyOption.REPLACE_EXISTING);
        List<String> args = List.of("-M", "virt", "-cpu", "cortex-a57", "-m", "1024", "-nographic", "-no-reboot",
                "-bios", uboot.toString(), "-nic", "none",
                "-drive", "if=none,file=" + copy + ",format=raw,id=d0", "-device", "virtio-blk-device,drive=d0");
        try (SerialConsole console = new SerialConsole(DebianImageBootTest.QEMU.require(), args)) {
            Optional<SerialConsole.Line> shell = console.await("twinroot-init: data partition", Duration.ofMinutes(4));
            Files.writeString(WORK.resolve("console-uboot.log"), console.transcript());
            assertTrue(shell.isPresent(), console.transcript());
            for (String marker : List.of(UBootScript.bootingMarker(Slot.A, BootContract.DEFAULT_TRIES - 1),
                    "twinroot-initramfs: mounting rootfs-a", "twinroot-init: boot partition")) {
                assertTrue(console.first(marker).isPresent(), "missing '" + marker + "':\n" + console.transcript());
            }
        }
    }

    private static Path extract(Partition partition) throws IOException {
        Path disk = WORK.resolve("a/disk.img");
        Path out = WORK.resolve(partition.label() + ".part");
        try (FileDisk d = FileDisk.openReadOnly(disk, 512)) {
            DiskLabel.Partition p = new Partitioner(new Random(1)).read(d).partitions().get(partition.number() - 1);
            try (FileChannel in = FileChannel.open(disk, StandardOpenOption.READ);
                 FileChannel o = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.TRUNCATE_EXISTING)) {
                long size = p.size() * 512;
                for (long done = 0; done < size; ) {
                    done += in.transferTo(p.start() * 512 + done, size - done, o);
                }
            }
        }
        return out;
    }

    private static byte[] tail(Path file, long from) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return sha(java.nio.channels.Channels.newInputStream(ch.position(from)));
        }
    }

    private static byte[] sha(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return sha(in);
        }
    }

    private static byte[] sha(InputStream in) throws IOException {
        try {
            java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                d.update(buf, 0, n);
            }
            return d.digest();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (Files.exists(p)) {
            try (var walk = Files.walk(p)) {
                for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(x);
                }
            }
        }
    }
}
