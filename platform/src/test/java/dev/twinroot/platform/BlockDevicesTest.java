package dev.twinroot.platform;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockDevicesTest {

    @Test
    void partitionNodesFollowTheKernelNamingRule() {
        assertEquals(Path.of("/dev/sda2"), BlockDevices.partitionPath(Path.of("/dev/sda"), 2));
        assertEquals(Path.of("/dev/vdb12"), BlockDevices.partitionPath(Path.of("/dev/vdb"), 12));
        assertEquals(Path.of("/dev/mmcblk0p1"), BlockDevices.partitionPath(Path.of("/dev/mmcblk0"), 1));
        assertEquals(Path.of("/dev/nvme0n1p3"), BlockDevices.partitionPath(Path.of("/dev/nvme0n1"), 3));
        assertEquals(Path.of("/dev/loop7p4"), BlockDevices.partitionPath(Path.of("/dev/loop7"), 4));
        assertThrows(IllegalArgumentException.class, () -> BlockDevices.partitionPath(Path.of("/dev/sda"), 0));
    }

    @Test
    void devTDecodesLikeGlibc() {
        assertEquals(new DeviceNumber(7, 3), DeviceNumber.fromDevT(0x0703));
        assertEquals(new DeviceNumber(259, 0), DeviceNumber.fromDevT(0x10300));
        // gnu_dev_makedev(0x1234, 0x56789): minor's high bits go above the major's low 12.
        long dev = ((0x56789L & 0xff) | ((0x1234L & 0xfff) << 8) | ((0x56789L & ~0xffL) << 12)
                | ((0x1234L & ~0xfffL) << 32));
        assertEquals(new DeviceNumber(0x1234, 0x56789), DeviceNumber.fromDevT(dev));
        assertEquals("254:0", new DeviceNumber(254, 0).toString());
    }
}
