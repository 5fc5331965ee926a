package dev.twinroot.image.flash;

import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.fake.FakeBlockDevices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * sysfs as the kernel lays it out: {@code /sys/dev/block/MAJ:MIN} links into {@code /sys/devices/.../block/sda},
 * partitions are subdirectories with a {@code partition} file, dm and md list what they sit on in {@code slaves/}.
 */
class BlockTopologyTest {

    @TempDir
    Path sys;

    private static final DeviceNumber SDA = new DeviceNumber(8, 0);
    private static final DeviceNumber SDA1 = new DeviceNumber(8, 1);
    private static final DeviceNumber SDA3 = new DeviceNumber(8, 3);
    private static final DeviceNumber SDB = new DeviceNumber(8, 16);
    private static final DeviceNumber DM0 = new DeviceNumber(253, 0);
    private static final DeviceNumber DM1 = new DeviceNumber(253, 1);

    @Test
    void aDiskCoversItsPartitionsAndAPartitionBelongsToItsDisk() throws IOException {
        Path sda = disk("sda", SDA);
        partition(sda, "sda1", SDA1, 1);
        partition(sda, "sda3", SDA3, 3);
        disk("sdb", SDB);
        BlockTopology topology = topology();
        assertEquals(Set.of(SDA, SDA1, SDA3), topology.covered(SDA));
        assertEquals(Set.of(SDA3), topology.covered(SDA3));
        assertEquals(Set.of(SDB), topology.covered(SDB));
        assertEquals(SDA, topology.disk(SDA3));
        assertEquals(SDA, topology.disk(SDA));
        assertEquals(new DeviceNumber(9, 9), topology.disk(new DeviceNumber(9, 9)), "unknown to sysfs: itself");
    }

    /** / on LVM (dm-1) on a LUKS mapping (dm-0) on sda3: flashing sda must see it. */
    @Test
    void stackedDevicesLeadDownToTheirDisks() throws IOException {
        Path sda = disk("sda", SDA);
        partition(sda, "sda3", SDA3, 3);
        Path dm0 = disk("dm-0", DM0);
        Path dm1 = disk("dm-1", DM1);
        slave(dm0, sda.resolve("sda3"), "sda3");
        slave(dm1, dm0, "dm-0");
        assertEquals(Set.of(DM1, DM0, SDA3), topology().underlying(DM1));
    }

    @Test
    void aLoopInSlavesEnds() throws IOException {
        Path dm0 = disk("dm-0", DM0);
        Path dm1 = disk("dm-1", DM1);
        slave(dm0, dm1, "dm-1");
        slave(dm1, dm0, "dm-0");
        assertEquals(Set.of(DM0, DM1), topology().underlying(DM0));
    }

    @Test
    void aMalformedDevFileIsAnErrorNamingIt() throws IOException {
        Path sda = disk("sda", SDA);
        Path p = Files.createDirectories(sda.resolve("sda1"));
        Files.writeString(p.resolve("partition"), "1\n");
        Files.writeString(p.resolve("dev"), "eight:one\n");
        IOException e = assertThrows(IOException.class, () -> topology().covered(SDA));
        assertEquals(sys.resolve("dev/block/8:0/sda1/dev") + ": expected MAJOR:MINOR, found 'eight:one'", e.getMessage());
    }

    private BlockTopology topology() {
        return new BlockTopology(sys.resolve("dev/block"), new FakeBlockDevices());
    }

    private Path disk(String name, DeviceNumber number) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("devices/virtual/block").resolve(name));
        Files.writeString(dir.resolve("dev"), number + "\n");
        link(number, dir);
        return dir;
    }

    private void partition(Path disk, String name, DeviceNumber number, int index) throws IOException {
        Path dir = Files.createDirectories(disk.resolve(name));
        Files.writeString(dir.resolve("dev"), number + "\n");
        Files.writeString(dir.resolve("partition"), index + "\n");
        link(number, dir);
    }

    private static void slave(Path holder, Path slave, String name) throws IOException {
        Path slaves = Files.createDirectories(holder.resolve("slaves"));
        Files.createSymbolicLink(slaves.resolve(name), slave);
    }

    private void link(DeviceNumber number, Path target) throws IOException {
        Path byNumber = Files.createDirectories(sys.resolve("dev/block"));
        Files.createSymbolicLink(byNumber.resolve(number.toString()), target);
    }
}
