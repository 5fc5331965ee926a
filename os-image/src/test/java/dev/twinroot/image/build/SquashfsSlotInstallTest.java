package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.SlotBootAreaWriter;
import dev.twinroot.image.SquashfsImage;
import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.Platform;
import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bootcontrol.SlotBootFiles;
import dev.twinroot.updater.bootcontrol.grub.GrubBootAreaFiles;
import dev.twinroot.updater.bootcontrol.grub.GrubEnvCodec;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotFilesystemType;
import dev.twinroot.updater.install.DeviceStatusStore;
import dev.twinroot.updater.install.FileJournal;
import dev.twinroot.updater.install.InstallEnvironment;
import dev.twinroot.updater.install.InstallLock;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import dev.twinroot.updater.install.Installer;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.slot.FileSlotStorage;
import dev.twinroot.updater.slot.SlotBootAreaReader;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A squashfs slot is shorter than its partition: the bundles describe the image's own length, and the updater's
 * real installer writes and verifies exactly that prefix, whatever the rest of the partition holds. Full and delta
 * bundles (the delta made from the previous build's {@code slot.img}, as {@code --previous} does) are installed
 * into file-backed slots filled with other bytes, as a partition that held a bigger image is.
 */
class SquashfsSlotInstallTest {
    private static final long EPOCH = 1_767_225_600L;
    private static final int PARTITION = 4 << 20;

    @TempDir
    Path dir;

    @Test
    void fullAndDeltaBundlesOfSquashfsSlotsInstallIntoLargerPartitions() throws Exception {
        Path v1 = slot("1", "version 1\n");
        Path v2 = slot("2", "version 2, with a longer line\n");
        ImageConfig config = ImageConfig.defaults();
        DevKeys keys = new DevKeys(dir.resolve("keys"));
        Path work = Files.createDirectories(dir.resolve("work"));
        UpdateBundles bundles = new UpdateBundles(config, keys.signingKey(), work);
        Path full = bundles.full(v2, dir.resolve("update.bundle"));
        Path delta = bundles.delta(v1, v2, dir.resolve("update-delta.bundle"));

        // Slot A runs v1 (plus whatever the partition held after it); B holds leftovers.
        Random random = new Random(11);
        Path slotA = partition("slot-a", Files.readAllBytes(v1), random);
        Path slotB = partition("slot-b", new byte[0], random);
        Device device = new Device(slotA, slotB, keys);

        assertEquals(InstallState.RebootPending.class, device.installer().install(delta.toString()).getClass());
        assertInstalled(slotB, v2);
        assertEquals(Slot.B, device.boot.read().primary());

        // Full bundle: a fresh device, B overwritten from the start.
        Path slotB2 = partition("slot-b2", new byte[0], random);
        Device fresh = new Device(partition("slot-a2", Files.readAllBytes(v1), random), slotB2, keys);
        fresh.installer().install(full.toString());
        assertInstalled(slotB2, v2);
    }

    /**
     * A GRUB device: the installer rewrites the written slot's boot area record on the ESP before it activates
     * the slot, so GRUB loads the new image's kernel and initramfs, whose offsets moved with the new filesystem.
     */
    @Test
    void onAGrubDeviceTheInstallerRecordsTheNewImagesBootArea() throws Exception {
        Path v1 = slot("1", "version 1\n");
        byte[] noise = new byte[20_000];
        new Random(5).nextBytes(noise);
        // Incompressible text, so that v2's filesystem grows by several 4 KiB blocks and its boot area moves.
        Path v2 = slot("2", "version 2, with more\n" + java.util.HexFormat.of().formatHex(noise));
        DevKeys keys = new DevKeys(dir.resolve("keys"));
        UpdateBundles bundles = new UpdateBundles(ImageConfig.defaults(), keys.signingKey(),
                Files.createDirectories(dir.resolve("work")));
        Path delta = bundles.delta(v1, v2, dir.resolve("update-delta.bundle"));
        Random random = new Random(12);
        Path slotA = partition("grub-a", Files.readAllBytes(v1), random);
        Path slotB = partition("grub-b", Files.readAllBytes(v1), random);
        Device device = new Device(slotA, slotB, keys);
        Path esp = Files.createDirectories(dir.resolve("esp"));
        Path grubModules = GrubModules.find(dev.twinroot.image.PackageCache.defaultLocation());
        // As the image builder leaves it with slotB: copy: both records name v1's area.
        BootPartition.writeGrub(esp, "console=ttyAMA0", grubModules, SlotFilesystemType.SQUASHFS,
                Map.of(Slot.A, v1, Slot.B, v1));
        Path recordB = esp.resolve(BootContract.grubBootAreaFile(Slot.B));
        Map<String, String> before = GrubEnvCodec.decode(Files.readAllBytes(recordB));

        assertEquals(InstallState.RebootPending.class,
                device.installer(new GrubBootAreaFiles(esp)).install(delta.toString()).getClass());
        assertInstalled(slotB, v2);
        SlotBootAreaReader.Location v2Area = SlotBootAreaReader.read(Files.readAllBytes(v2)).orElseThrow();
        Map<String, String> after = GrubEnvCodec.decode(Files.readAllBytes(recordB));
        assertEquals(Map.of(BootContract.GRUB_KERNEL_BLOCKS, v2Area.kernelOffset() / 512 + "+"
                        + (v2Area.kernelSize() + 511) / 512,
                BootContract.GRUB_INITRD_BLOCKS, v2Area.initrdOffset() / 512 + "+" + (v2Area.initrdSize() + 511) / 512),
                after);
        assertTrue(!after.equals(before), "v2's filesystem is longer, so its area moved: " + before + " " + after);
        assertEquals(GrubEnvCodec.decode(Files.readAllBytes(esp.resolve(BootContract.grubBootAreaFile(Slot.A)))),
                before, "the running slot's record is untouched");
    }

    /** The partition's first bytes are the image, the kernel still mounts them, the rest is untouched. */
    private void assertInstalled(Path partition, Path image) throws IOException {
        byte[] expected = Files.readAllBytes(image);
        byte[] all = Files.readAllBytes(partition);
        assertEquals(PARTITION, all.length);
        assertArrayEquals(expected, Arrays.copyOf(all, expected.length));
        Path prefix = dir.resolve(partition.getFileName() + ".installed");
        Files.write(prefix, all);
        String list = new ExternalTool("unsquashfs", "squashfs-tools").run(List.of("-cat", prefix.toString(),
                "etc/release"), Duration.ofMinutes(1)).requireSuccess().stdout();
        assertTrue(list.startsWith("version 2"), "the installed partition mounts as the new release: " + list);
    }

    private Path slot(String name, String release) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree-" + name).resolve("etc"));
        Files.writeString(tree.resolve("release"), release);
        byte[] bulk = new byte[300_000];
        new Random(1).nextBytes(bulk);
        Files.write(tree.resolveSibling("bulk.bin"), bulk);
        Path image = dir.resolve("slot-" + name + ".img");
        new SquashfsImage(EPOCH).build(tree.getParent(), image);
        Path kernel = Files.write(dir.resolve("Image-" + name), ("kernel " + name).repeat(5000).getBytes());
        new SlotBootAreaWriter(SlotFilesystemType.SQUASHFS).append(image, kernel, kernel);
        return image;
    }

    private Path partition(String name, byte[] start, Random random) throws IOException {
        byte[] bytes = new byte[PARTITION];
        random.nextBytes(bytes);
        System.arraycopy(start, 0, bytes, 0, start.length);
        return Files.write(dir.resolve(name + ".part"), bytes);
    }

    /** The updater's installer over file slots, booted from A (a first boot: no version recorded yet). */
    private final class Device {
        final FileBootStateStore boot;
        final Path data;
        final Map<Slot, SlotStorage> slots = new EnumMap<>(Slot.class);
        final DevKeys keys;
        final AtomicFile atomic = new AtomicFile(Platform.linux().fileSync(), new Random(7));

        Device(Path slotA, Path slotB, DevKeys keys) throws IOException {
            this.keys = keys;
            data = Files.createDirectories(dir.resolve("data-" + slotA.getFileName()));
            boot = new FileBootStateStore(data.resolve("boot-state.env"));
            boot.initialize(BootState.defaults());
            slots.put(Slot.A, new FileSlotStorage(slotA));
            slots.put(Slot.B, new FileSlotStorage(slotB));
        }

        Keyring keyring() throws IOException {
            Path ring = Files.createDirectories(data.resolve("keyring"));
            Files.copy(keys.caCertificate(), ring.resolve("ca.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return Keyring.load(ring);
        }

        DeviceStatusStore status() {
            return new DeviceStatusStore(data, atomic, Clock.systemUTC());
        }

        Installer installer() throws IOException {
            return installer(SlotBootFiles.NONE);
        }

        Installer installer(SlotBootFiles bootFiles) throws IOException {
            return new Installer(new InstallEnvironment(ImageConfig.defaults().compatible(), false,
                    BootControls.over(boot, Slot.A), slots, new FileJournal(data.resolve("journal.json"), atomic),
                    status(), data, new CmsVerifier(keyring(), ClockPolicy.system()),
                    source -> Files.newInputStream(Path.of(source)), DeltaApplier.Options.defaults(),
                    new InstallLock(data, Clock.systemUTC()), bootFiles), InstallProgress.NONE);
        }
    }
}
