package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.BlockDevicesContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The same contract as the loop devices pass, on in-memory disks. */
class FakeBlockDevicesTest extends BlockDevicesContract {

    private final FakeBlockDevices devices = new FakeBlockDevices((disk, size, sector) -> TinyMbr.scan(disk));
    private int count;

    @TempDir
    Path dir;

    @Override
    protected BlockDevices devices() {
        return devices;
    }

    @Override
    protected Path newDisk(long size, int sectorSize) {
        Path path = Path.of("/dev/fake" + count++);
        devices.addDisk(path, size, sectorSize);
        return path;
    }

    @Override
    protected boolean readsMbr() {
        return true;
    }

    @Test
    void aFileBackedDiskWritesThroughToTheFile() throws IOException {
        Path backing = dir.resolve("disk.img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(DISK);
        }
        devices.addDisk(Path.of("/dev/filedisk"), backing, 512);
        try (BlockDevice dev = devices.open(Path.of("/dev/filedisk"), BlockDevice.Access.READ_WRITE)) {
            assertEquals(DISK, dev.size());
            write(dev.channel(), 4096, new byte[] {9, 8, 7});
            dev.flush();
        }
        byte[] bytes = Files.readAllBytes(backing);
        assertEquals(9, bytes[4096]);
        assertEquals(7, bytes[4098]);
    }

    @Test
    void writingPastTheEndFailsLikeTheKernel() throws IOException {
        Path disk = newDisk(4096, 512);
        try (BlockDevice dev = devices.open(disk, BlockDevice.Access.READ_WRITE)) {
            assertThrows(IOException.class, () -> write(dev.channel(), 4096, new byte[1]));
            dev.channel().position(4090);
            assertEquals(6, dev.channel().write(java.nio.ByteBuffer.wrap(new byte[10])));
        }
    }

    @Test
    void rereadWithoutAScannerIsATestSetupError() throws IOException {
        FakeBlockDevices plain = new FakeBlockDevices();
        plain.addDisk(Path.of("/dev/x"), 4096, 512);
        try (BlockDevice dev = plain.open(Path.of("/dev/x"), BlockDevice.Access.READ_WRITE)) {
            assertThrows(IllegalStateException.class, dev::rereadPartitionTable);
        }
    }
}
