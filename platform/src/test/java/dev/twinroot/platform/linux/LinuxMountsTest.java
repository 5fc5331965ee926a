package dev.twinroot.platform.linux;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.DeviceBusyException;
import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.LoopDevice;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Mounts;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.UnmountFlag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mount(2), umount2(2) and mountinfo with a real ext4 image on a loop device. */
class LinuxMountsTest {

    private static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");

    @TempDir
    Path dir;

    private final Platform platform = Platform.linux();
    private final Mounts mounts = platform.mounts();
    private LoopDevice loop;
    private final List<Path> mounted = new ArrayList<>();

    @BeforeEach
    void makeFilesystem() throws IOException {
        LoopDevice.assumeAvailable();
        Assumptions.assumeTrue(MKE2FS.isPresent(), "mke2fs is not installed (Debian package e2fsprogs)");
        Path image = dir.resolve("ext4.img");
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(16 << 20);
        }
        MKE2FS.run(List.of("-q", "-F", "-t", "ext4", image.toString()), Duration.ofSeconds(60)).requireSuccess();
        loop = LoopDevice.attach(image, 512);
    }

    @AfterEach
    void cleanUp() throws IOException {
        MountTable table = mounts.table();
        for (int i = table.mounts().size() - 1; i >= 0; i--) {
            Path point = table.mounts().get(i).mountPoint();
            if (point.startsWith(dir)) {
                mounts.unmount(point, Set.of(UnmountFlag.DETACH));
            }
        }
        if (loop != null) {
            loop.detach();
        }
    }

    @Test
    void mountsWithFlagsAndSeesItInMountinfo() throws IOException {
        Path target = Files.createDirectory(dir.resolve("data dir"));
        mounts.mount(loop.path().toString(), target, Optional.of("ext4"),
                Set.of(MountFlag.NOSUID, MountFlag.NODEV, MountFlag.NOEXEC), Optional.of("errors=remount-ro"));
        MountInfo m = mounts.table().at(target).orElseThrow();
        assertEquals("ext4", m.fsType());
        assertEquals(loop.path().toString(), m.source());
        assertEquals(platform.blockDevices().deviceNumber(loop.path()), m.device());
        assertTrue(m.mountOptions().containsAll(List.of("rw", "nosuid", "nodev", "noexec")), m.mountOptions().toString());
        assertTrue(m.superOptions().contains("errors=remount-ro"), m.superOptions().toString());
        assertEquals(List.of(m), mounts.table().mountedFrom(m.device()));

        Files.writeString(target.resolve("hello"), "world");
        mounts.mount("", target, Optional.empty(), Set.of(MountFlag.REMOUNT, MountFlag.RDONLY, MountFlag.NOSUID,
                MountFlag.NODEV, MountFlag.NOEXEC), Optional.empty());
        assertTrue(mounts.table().at(target).orElseThrow().readOnly());
        assertThrows(FileSystemException.class, () -> Files.writeString(target.resolve("more"), "x"));
        assertEquals("world", Files.readString(target.resolve("hello")));

        mounts.unmount(target, Set.of());
        assertEquals(Optional.empty(), mounts.table().at(target));
        assertEquals(List.of(), mounts.table().mountedFrom(m.device()));
    }

    @Test
    void bindMountsASubtreeAtAPathWithSpaces() throws IOException {
        Path target = Files.createDirectory(dir.resolve("fs"));
        mounts.mount(loop.path().toString(), target, Optional.of("ext4"), Set.of(), Optional.empty());
        Files.createDirectories(target.resolve("sub dir/inner"));
        Path bind = Files.createDirectory(dir.resolve("a\tb c\\d"));
        mounts.mount(target.resolve("sub dir").toString(), bind, Optional.empty(), Set.of(MountFlag.BIND), Optional.empty());

        MountInfo m = mounts.table().at(bind).orElseThrow();
        assertEquals("/sub dir", m.root());
        assertEquals(bind, m.mountPoint());
        assertTrue(Files.isDirectory(bind.resolve("inner")));
        assertEquals(2, mounts.table().mountedFrom(m.device()).size());
        mounts.unmount(bind, Set.of());
        mounts.unmount(target, Set.of());
    }

    @Test
    void aBusyMountNeedsDetachAndTheDeviceCannotBeRepartitionedMeanwhile() throws IOException {
        Path target = Files.createDirectory(dir.resolve("busy"));
        mounts.mount(loop.path().toString(), target, Optional.of("ext4"), Set.of(), Optional.empty());
        Files.writeString(target.resolve("open"), "x");
        try (InputStream open = Files.newInputStream(target.resolve("open"))) {
            DeviceBusyException e = assertThrows(DeviceBusyException.class, () -> mounts.unmount(target, Set.of()));
            assertEquals("EBUSY", e.errnoName());
            // What a flasher checks before writing: the device is in the table, and the kernel agrees it is busy.
            assertEquals(1, mounts.table().mountedFrom(platform.blockDevices().deviceNumber(loop.path())).size());
            try (BlockDevice dev = platform.blockDevices().open(loop.path(), BlockDevice.Access.READ_WRITE)) {
                assertThrows(DeviceBusyException.class, dev::rereadPartitionTable);
            }
            mounts.unmount(target, Set.of(UnmountFlag.DETACH));
            assertFalse(mounts.table().at(target).isPresent());
            assertEquals('x', open.read());
        }
    }

    @Test
    void errorsNameTheErrno() throws IOException {
        Path target = Files.createDirectory(dir.resolve("t"));
        assertEquals("EINVAL", assertThrows(PlatformException.class, () -> mounts.unmount(target, Set.of())).errnoName());
        assertEquals("ENODEV", assertThrows(PlatformException.class, () -> mounts.mount(loop.path().toString(), target,
                Optional.of("no-such-fs"), Set.of(), Optional.empty())).errnoName());
        assertEquals("ENOENT", assertThrows(PlatformException.class, () -> mounts.mount(loop.path().toString(),
                dir.resolve("missing"), Optional.of("ext4"), Set.of(), Optional.empty())).errnoName());
    }
}
