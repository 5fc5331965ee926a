package dev.twinroot.image.flash;

import dev.twinroot.image.HostTools;
import dev.twinroot.image.flash.ProgressListener.Phase;
import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Mounts;
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
            loops.pop().detach(platform.blockDevices());
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

    /**
     * Pretends / is on a partition of a loop disk (the mount table is the only thing made up; devices, BLKPG and
     * sysfs are real): the sibling partition needs --force, the disk itself is refused even with it.
     */
    @Test
    void aPartitionOfTheRootDiskNeedsForceAndTheRootDiskIsRefusedAlways() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        try (BlockDevice dev = platform.blockDevices().open(loop.path(), BlockDevice.Access.READ_WRITE)) {
            dev.addPartition(1, MIB, 4 * MIB);
            dev.addPartition(2, 5 * MIB, 8 * MIB);
        }
        Path p1 = BlockDevices.partitionPath(loop.path(), 1);
        Path p2 = BlockDevices.partitionPath(loop.path(), 2);
        Flasher withRoot = flasherWithRootOn(p2, Path.of("/sys/dev/block"), Path.of("/proc/swaps"));
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[(int) MIB]);

        FlashRefusedException sibling = assertThrows(FlashRefusedException.class,
                () -> withRoot.plan(image, p1, FlashOptions.defaults()));
        assertEquals(p1 + " is a partition of the running system's disk (which holds " + p2 + " on /)"
                + " (pass --force to write it anyway)", sibling.getMessage());
        assertEquals(List.of(p1 + " is a partition of the running system's disk (which holds " + p2 + " on /)"
                + " (--force: writing anyway)"), withRoot.plan(image, p1, new FlashOptions(true, true)).warnings());
        FlashRefusedException disk = assertThrows(FlashRefusedException.class,
                () -> withRoot.plan(image, loop.path(), new FlashOptions(true, true)));
        assertEquals(loop.path() + " holds the running system's root filesystem (" + p2 + " on /): refused, even with --force",
                disk.getMessage());
    }

    /** / on device-mapper (253:250) over the loop disk, laid out in a sysfs tree the way the kernel does. */
    @Test
    void aRootOnDeviceMapperOverTheDiskIsSeenThroughSlaves() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        String loopNumber = platform.blockDevices().deviceNumber(loop.path()).toString();
        Path sys = dir.resolve("sys");
        Path loopDir = Files.createDirectories(sys.resolve("devices/virtual/block").resolve(loop.path().getFileName()));
        Files.writeString(loopDir.resolve("dev"), loopNumber + "\n");
        Path dmDir = Files.createDirectories(sys.resolve("devices/virtual/block/dm-250/slaves"));
        Files.writeString(dmDir.getParent().resolve("dev"), "253:250\n");
        Files.createSymbolicLink(dmDir.resolve(loop.path().getFileName().toString()), loopDir);
        Path byNumber = Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(byNumber.resolve(loopNumber), loopDir);
        Files.createSymbolicLink(byNumber.resolve("253:250"), dmDir.getParent());

        Flasher withRoot = new Flasher(new Platform(platform.blockDevices(), platform.fileSync(),
                fixedMounts("1 0 253:250 / / rw,relatime - ext4 /dev/mapper/vg-root rw\n"), platform.power(),
                platform.watchdogs(), platform.filesystems()), InstantSource.system(), byNumber, Path.of("/proc/swaps"));
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[(int) MIB]);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> withRoot.plan(image, loop.path(), new FlashOptions(true, true)));
        assertEquals(loop.path() + " holds the running system's root filesystem (/dev/mapper/vg-root on /): refused, even with --force",
                e.getMessage());
    }

    @Test
    void activeSwapCountsAsInUse() throws Exception {
        LoopDisk loop = attach(16 * MIB);
        Path swaps = dir.resolve("swaps");
        Files.writeString(swaps, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"
                + loop.path() + "                              partition\t16380\t\t0\t\t-2\n");
        Flasher withSwap = new Flasher(platform, InstantSource.system(), Path.of("/sys/dev/block"), swaps);
        Path image = dir.resolve("os.img");
        Files.write(image, new byte[(int) MIB]);
        FlashRefusedException e = assertThrows(FlashRefusedException.class,
                () -> withSwap.plan(image, loop.path(), FlashOptions.defaults()));
        assertEquals(loop.path() + " is in use: " + loop.path() + " as swap; unmount it first (or pass --force)", e.getMessage());
    }

    private Flasher flasherWithRootOn(Path device, Path sysDevBlock, Path procSwaps) throws IOException {
        String number = platform.blockDevices().deviceNumber(device).toString();
        Mounts mounts = fixedMounts("1 0 " + number + " / / rw,relatime - ext4 " + device + " rw\n");
        return new Flasher(new Platform(platform.blockDevices(), platform.fileSync(), mounts, platform.power(),
                platform.watchdogs(), platform.filesystems()), InstantSource.system(), sysDevBlock, procSwaps);
    }

    /** A mount table made up for a test; mounting through it is not something these tests do. */
    private static Mounts fixedMounts(String mountinfo) throws IOException {
        MountTable table = MountTable.parse(mountinfo.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Mounts() {
            @Override
            public void mount(String source, Path target, Optional<String> fsType, Set<MountFlag> flags,
                              Optional<String> data) {
                throw new UnsupportedOperationException("a fixed mount table");
            }

            @Override
            public void unmount(Path target, Set<UnmountFlag> flags) {
                throw new UnsupportedOperationException("a fixed mount table");
            }

            @Override
            public MountTable table() {
                return table;
            }
        };
    }

    private LoopDisk attach(long size) throws IOException {
        LoopDisk loop = LoopDisk.attach(dir.resolve("backing" + loops.size()), size, platform.blockDevices());
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
