package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.DeviceBusyException;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.UnmountFlag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeMountsTest {

    private static final Path DISK = Path.of("/dev/mmcblk0");
    private static final Path DATA = Path.of("/dev/mmcblk0p4");

    private final FakeBlockDevices devices = new FakeBlockDevices();
    private final FakeMounts mounts = new FakeMounts(devices);

    FakeMountsTest() throws IOException {
        devices.addDisk(DISK, 8 << 20, 512);
        try (BlockDevice disk = devices.open(DISK, BlockDevice.Access.READ_WRITE)) {
            disk.addPartition(4, 1 << 20, 4 << 20);
        }
    }

    @Test
    void aMountedPartitionIsInTheTableAndKeepsTheDiskBusy() throws IOException {
        mounts.mount(DATA.toString(), Path.of("/data"), Optional.of("ext4"),
                Set.of(MountFlag.NOSUID, MountFlag.NODEV), Optional.of("errors=remount-ro"));
        MountInfo m = mounts.table().at(Path.of("/data")).orElseThrow();
        assertEquals(devices.deviceNumber(DATA), m.device());
        assertEquals(List.of("rw", "nosuid", "nodev", "relatime"), m.mountOptions());
        assertEquals(List.of("rw", "errors=remount-ro"), m.superOptions());
        assertEquals(List.of(m), mounts.table().mountedFrom(devices.deviceNumber(DATA)));

        try (BlockDevice disk = devices.open(DISK, BlockDevice.Access.READ_WRITE)) {
            assertThrows(DeviceBusyException.class, () -> disk.deletePartition(4));
        }
        mounts.unmount(Path.of("/data"), Set.of());
        try (BlockDevice disk = devices.open(DISK, BlockDevice.Access.READ_WRITE)) {
            disk.deletePartition(4);
        }
    }

    @Test
    void remountChangesFlagsInPlace() throws IOException {
        mounts.mount(DATA.toString(), Path.of("/data"), Optional.of("ext4"), Set.of(), Optional.empty());
        int id = mounts.table().at(Path.of("/data")).orElseThrow().mountId();
        mounts.mount("", Path.of("/data"), Optional.empty(), Set.of(MountFlag.REMOUNT, MountFlag.RDONLY), Optional.empty());
        MountInfo m = mounts.table().at(Path.of("/data")).orElseThrow();
        assertTrue(m.readOnly());
        assertEquals(id, m.mountId());
        assertEquals(1, mounts.table().mounts().size());
        assertEquals("EINVAL", assertThrows(PlatformException.class, () -> mounts.mount("", Path.of("/nothing"),
                Optional.empty(), Set.of(MountFlag.REMOUNT), Optional.empty())).errnoName());
    }

    @Test
    void bindMountsShareTheDeviceAndRecordTheRoot() throws IOException {
        mounts.mount(DATA.toString(), Path.of("/data"), Optional.of("ext4"), Set.of(), Optional.empty());
        mounts.mount("/data/apps/web", Path.of("/srv/web"), Optional.empty(), Set.of(MountFlag.BIND), Optional.empty());
        MountInfo bind = mounts.table().at(Path.of("/srv/web")).orElseThrow();
        assertEquals("/apps/web", bind.root());
        assertEquals(devices.deviceNumber(DATA), bind.device());
        assertEquals(2, mounts.table().mountedFrom(bind.device()).size());
    }

    @Test
    void busyMountsAndSubmountsNeedDetach() throws IOException {
        mounts.mount("tmpfs", Path.of("/run"), Optional.of("tmpfs"), Set.of(), Optional.empty());
        mounts.mount("tmpfs", Path.of("/run/lock"), Optional.of("tmpfs"), Set.of(), Optional.empty());
        assertNotEquals(mounts.table().mounts().get(0).device(), mounts.table().mounts().get(1).device());
        assertEquals(0, mounts.table().mounts().get(0).device().major());
        assertEquals(mounts.table().mounts().get(0).mountId(), mounts.table().mounts().get(1).parentId());
        assertThrows(DeviceBusyException.class, () -> mounts.unmount(Path.of("/run"), Set.of()));
        mounts.markBusy(Path.of("/run/lock"));
        assertThrows(DeviceBusyException.class, () -> mounts.unmount(Path.of("/run/lock"), Set.of()));
        mounts.unmount(Path.of("/run"), Set.of(UnmountFlag.DETACH));
        assertEquals(List.of(), mounts.table().mounts());
    }

    @Test
    void errorsLikeTheKernel() {
        assertEquals("EINVAL", assertThrows(PlatformException.class,
                () -> mounts.unmount(Path.of("/mnt"), Set.of())).errnoName());
        assertEquals("ENOENT", assertThrows(PlatformException.class, () -> mounts.mount("/dev/sdz9", Path.of("/mnt"),
                Optional.of("ext4"), Set.of(), Optional.empty())).errnoName());
        assertFalse(devices.contains(Path.of("/dev/sdz9")));
        assertTrue(devices.contains(BlockDevices.partitionPath(DISK, 4)));
        assertEquals(new DeviceNumber(FakeBlockDevices.MAJOR, 4), assertDoesNotThrow());
    }

    private DeviceNumber assertDoesNotThrow() {
        try {
            return devices.deviceNumber(DATA);
        } catch (PlatformException e) {
            throw new AssertionError(e);
        }
    }
}
