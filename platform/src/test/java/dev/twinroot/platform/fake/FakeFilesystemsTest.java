package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.PlatformException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The fake refuses what the kernel refuses (LinuxFilesystemsTest shows the kernel's errnos) and changes the count. */
class FakeFilesystemsTest {

    private static final Path DISK = Path.of("/dev/fake0");
    private static final Path DATA = Path.of("/dev/fake0p1");
    private static final long MIB = 1 << 20;

    private final FakeBlockDevices devices = new FakeBlockDevices();
    private final FakeMounts mounts = new FakeMounts(devices);
    private final FakeFilesystems filesystems = new FakeFilesystems(devices, mounts);

    FakeFilesystemsTest() throws IOException {
        devices.addDisk(DISK, 16 * MIB, 512);
        try (BlockDevice disk = devices.open(DISK, BlockDevice.Access.READ_WRITE)) {
            disk.addPartition(1, MIB, 8 * MIB);
            ByteBuffer sb = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
            sb.putInt(0x4, 1024).putInt(0x18, 2).putShort(0x38, (short) 0xEF53).putInt(0x60, 0x80);
            disk.channel().position(MIB + 1024);
            disk.channel().write(sb);
        }
    }

    @Test
    void growsTheBlockCountInTheSuperblock() throws IOException {
        mounts.mount(DATA.toString(), Path.of("/data"), Optional.of("ext4"), Set.of(), Optional.empty());
        filesystems.growExt4(Path.of("/data"), 2048);
        assertEquals(2048, blocksOnDisk());
        filesystems.growExt4(Path.of("/data"), 2048);
        assertEquals(List.of(new FakeFilesystems.Growth(Path.of("/data"), 1024, 2048)), filesystems.growths());
    }

    @Test
    void refusesWhatTheKernelRefuses() throws IOException {
        mounts.mount("tmpfs", Path.of("/tmp"), Optional.of("tmpfs"), Set.of(), Optional.empty());
        assertEquals("ENOTTY", errno(Path.of("/tmp"), 100));
        assertEquals("ENOTTY", errno(Path.of("/nowhere"), 100));
        mounts.mount(DATA.toString(), Path.of("/data"), Optional.of("ext4"), Set.of(), Optional.empty());
        assertEquals("EINVAL", errno(Path.of("/data"), 1000));
        assertEquals("ENOSPC", errno(Path.of("/data"), 2049));
        mounts.mount("", Path.of("/data"), Optional.empty(), Set.of(MountFlag.REMOUNT, MountFlag.RDONLY), Optional.empty());
        assertEquals("EROFS", errno(Path.of("/data"), 2048));
        assertEquals(1024, blocksOnDisk());
        assertEquals(List.of(), filesystems.growths());
    }

    private String errno(Path mountPoint, long blocks) {
        return assertThrows(PlatformException.class, () -> filesystems.growExt4(mountPoint, blocks)).errnoName();
    }

    private long blocksOnDisk() throws IOException {
        try (BlockDevice data = devices.open(DATA, BlockDevice.Access.READ_ONLY)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            data.channel().position(1024 + 4);
            data.channel().read(b);
            return Integer.toUnsignedLong(b.getInt(0));
        }
    }
}
