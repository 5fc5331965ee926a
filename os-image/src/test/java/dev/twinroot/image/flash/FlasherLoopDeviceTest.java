package dev.twinroot.image.flash;

import dev.twinroot.image.HostTools;
import dev.twinroot.image.flash.ProgressListener.Phase;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.UnmountFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Flashing real loop devices as root: the kernel's block layer, mounts and ioctls, no fakes. */
class FlasherLoopDeviceTest {

    private static final long MIB = 1 << 20;
    private static final ExternalTool SFDISK = HostTools.SFDISK;

    @TempDir
    Path dir;

    private final Platform platform = Platform.linux();
    private final Flasher flasher = new Flasher(platform, InstantSource.system());
    private final Deque<LoopDisk> loops = new ArrayDeque<>();
    private final Deque<Path> mounted = new ArrayDeque<>();

    @BeforeEach
    void needsLoopDevices() {
        LoopDisk.assumeAvailable();
    }

    @AfterEach
    void cleanUp() throws IOException {
        while (!mounted.isEmpty()) {
            platform.mounts().unmount(mounted.pop(), Set.of());
        }
        while (!loops.isEmpty()) {
            loops.pop().detach();
        }
    }

    @Test
    void flashesALoopDeviceAndItsPartitionHoldsThePartitionsBytes() throws Exception {
        assumeTrue(SFDISK.isPresent(), "sfdisk is not installed (fdisk)");
        Path image = dir.resolve("os.img");
        byte[] data = FlashImageTest.randomImage(new Random(21), (int) (12 * MIB));
        Files.write(image, data);
        Path script = dir.resolve("table");
        Files.writeString(script, "label: dos\nstart=2048, size=8192, type=83\n");
        new ExternalTool("sh", "dash").run(List.of("-c", "sfdisk --quiet \"$0\" < \"$1\"", image.toString(), script.toString()),
                Duration.ofSeconds(30)).requireSuccess();
        byte[] withTable = Files.readAllBytes(image);
        Files.write(dir.resolve("os.img.zst"), Compression.compress(ImageFormat.ZSTD, withTable));

        LoopDisk loop = attach(16 * MIB);
        FlashPlan plan = flasher.plan(dir.resolve("os.img.zst"), loop.path(), FlashOptions.defaults());
        assertEquals(TargetKind.BLOCK_DEVICE, plan.kind());
        assertEquals(16 * MIB, plan.capacity().getAsLong());
        FlashResult result = flasher.flash(plan, ProgressListener.none());
        assertTrue(result.verified());
        assertEquals(withTable.length, result.bytesWritten());
        assertEquals(FlasherFileTest.sha256(withTable), result.sha256());
        assertArrayEquals(withTable, read(loop.path(), 0, withTable.length));

        try (BlockDevice dev = platform.blockDevices().open(loop.path(), BlockDevice.Access.READ_ONLY)) {
            if (dev.partitions().isEmpty()) {
                // A loop device without --partscan refuses BLKRRPART (EINVAL), and this build host's kernel has no
                // partition parsers anyway: say so, and make the node the way the kernel would have.
                assertEquals(List.of("the kernel does not scan partitions on " + loop.path()
                        + " (EINVAL: e.g. a loop device attached without --partscan)"), result.notes());
                dev.addPartition(1, 2048 * 512L, 8192 * 512L);
            }
        }
        Path part = BlockDevices.partitionPath(loop.path(), 1);
        assertArrayEquals(Arrays.copyOfRange(withTable, 2048 * 512, (2048 + 8192) * 512), read(part, 0, 8192 * 512));
    }

    @Test
    void refusesAMountedLoopDeviceUnlessForced() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        HostTools.MKE2FS.run(List.of("-q", "-F", "-t", "ext4", loop.path().toString()), Duration.ofSeconds(60)).requireSuccess();
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        mount(loop.path(), mountPoint);
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[(int) MIB]);

        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, loop.path(), FlashOptions.defaults()));
        assertEquals(loop.path() + " is in use: " + loop.path() + " on " + mountPoint + "; unmount it first (or pass --force)",
                e.getMessage());
        FlashPlan forced = flasher.plan(image, loop.path(), new FlashOptions(true, true));
        assertEquals(List.of(loop.path() + " is in use: " + loop.path() + " on " + mountPoint + " (--force: writing anyway)"),
                forced.warnings());

        // An image stored on the device's own filesystem is refused even with --force.
        Path inside = mountPoint.resolve("os.img");
        Files.write(inside, new byte[(int) MIB]);
        FlashRefusedException own = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(inside, loop.path(), new FlashOptions(true, true)));
        assertEquals(loop.path() + " holds the image file " + inside + ": refused, even with --force", own.getMessage());
    }

    @Test
    void refusesADiskWhosePartitionIsMounted() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        try (BlockDevice dev = platform.blockDevices().open(loop.path(), BlockDevice.Access.READ_WRITE)) {
            dev.addPartition(1, MIB, 8 * MIB);
        }
        Path part = BlockDevices.partitionPath(loop.path(), 1);
        HostTools.MKE2FS.run(List.of("-q", "-F", "-t", "ext4", part.toString()), Duration.ofSeconds(60)).requireSuccess();
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        mount(part, mountPoint);
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[(int) MIB]);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, loop.path(), FlashOptions.defaults()));
        assertEquals(loop.path() + " is in use: " + part + " on " + mountPoint + "; unmount it first (or pass --force)",
                e.getMessage());
    }

    @Test
    void refusesATooSmallDeviceBeforeWriting() throws Exception {
        LoopDisk loop = attach(8 * MIB);
        Path image = dir.resolve("os.img");
        byte[] data = new byte[(int) (9 * MIB)];
        Arrays.fill(data, (byte) 0x5a);
        Files.write(image, data);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, loop.path(), new FlashOptions(true, true)));
        assertEquals(loop.path() + " is too small: it holds 8.0 MiB (8388608 bytes), the image needs 9.0 MiB (9437184 bytes)",
                e.getMessage());
        assertArrayEquals(new byte[(int) (8 * MIB)], read(loop.path(), 0, (int) (8 * MIB)));
    }

    /** zstd from a pipe does not record the size: the flasher finds out at the device's end, and stops there. */
    @Test
    void anImageOfUnknownSizeStopsAtTheDevicesEnd() throws Exception {
        assumeTrue(HostTools.ZSTD.isPresent(), "zstd is not installed");
        LoopDisk loop = attach(8 * MIB);
        Path raw = dir.resolve("big");
        Files.write(raw, FlashImageTest.randomImage(new Random(22), (int) (10 * MIB)));
        Path image = dir.resolve("os.img.zst");
        new ExternalTool("sh", "dash").run(List.of("-c", "zstd -q -c < \"$0\" > \"$1\"", raw.toString(), image.toString()),
                Duration.ofSeconds(60)).requireSuccess();
        FlashPlan plan = flasher.plan(image, loop.path(), FlashOptions.defaults());
        FlashException e = assertThrows(FlashException.class, () -> flasher.flash(plan, ProgressListener.none()));
        assertEquals("the image does not fit: " + loop.path() + " holds 8388608 bytes and the image is longer;"
                + " the device now holds a partial image", e.getMessage());
    }

    @Test
    void verifyCatchesADeviceThatChangesData() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        Path image = dir.resolve("os.img.gz");
        Files.write(image, Compression.compress(ImageFormat.GZIP, FlashImageTest.randomImage(new Random(23), (int) (10 * MIB))));
        FlashPlan plan = flasher.plan(image, loop.path(), FlashOptions.defaults());
        VerifyFailedException e = assertThrows(VerifyFailedException.class, () -> flasher.flash(plan, (phase, done, total) -> {
            if (phase == Phase.VERIFY && done == 0) {
                FlasherFileTest.flipByte(loop.path(), 9 * MIB + 3);
            }
        }));
        assertEquals(2L * Flasher.CHUNK, e.firstDifferentOffset());
        assertTrue(e.getMessage().endsWith("first in chunk 2 (bytes 8388608 to 10485759)"), e.getMessage());
    }

    /** Only plan(): nothing in this test can open the host's disk for writing. */
    @Test
    void theDiskHoldingRootIsRefusedEvenWithForce() throws Exception {
        Optional<MountInfo> root = platform.mounts().table().at(Path.of("/"));
        assumeTrue(root.isPresent() && root.get().source().startsWith("/dev/") && Files.exists(Path.of(root.get().source())),
                "/ is not mounted from a device node here (" + root.map(MountInfo::source).orElse("?") + ")");
        Path rootDevice = Path.of(root.get().source());
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[4096]);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> flasher.plan(image, rootDevice, new FlashOptions(true, true)));
        assertEquals(rootDevice + " holds the running system's root filesystem (" + rootDevice + " on /): refused, even with --force",
                e.getMessage());
    }

    private LoopDisk attach(long size) throws IOException {
        LoopDisk loop = LoopDisk.attach(dir.resolve("backing" + loops.size()), size);
        loops.push(loop);
        return loop;
    }

    private void mount(Path device, Path mountPoint) throws IOException {
        platform.mounts().mount(device.toString(), mountPoint, Optional.of("ext4"), Set.of(), Optional.empty());
        mounted.push(mountPoint);
    }

    private static byte[] read(Path device, long offset, int length) throws IOException {
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) >= 0) {
                // keep reading
            }
            return buf.array();
        }
    }
}
