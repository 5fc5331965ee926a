package dev.twinroot.platform;

import dev.twinroot.platform.BlockDevice.Access;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link BlockDevices} must do, run against loop devices (Linux) and the fake alike, so the fake
 * cannot drift from the kernel. Sizes are small: 8 MiB disks.
 */
public abstract class BlockDevicesContract {

    protected static final long MIB = 1 << 20;
    protected static final long DISK = 8 * MIB;

    protected abstract BlockDevices devices();

    /** A new zeroed disk of {@code size} bytes with that logical sector size, partition scanning on. */
    protected abstract Path newDisk(long size, int sectorSize) throws IOException;

    @Test
    void reportsSizeAndSectorSize() throws IOException {
        for (int sector : new int[] {512, 4096}) {
            Path disk = newDisk(DISK, sector);
            try (BlockDevice dev = devices().open(disk, Access.READ_ONLY)) {
                assertEquals(DISK, dev.size());
                assertEquals(sector, dev.logicalSectorSize());
                assertEquals(DISK, dev.channel().size());
                assertEquals(disk, dev.path());
            }
        }
    }

    @Test
    void writesAndReadsBackThroughTheChannel() throws IOException {
        Path disk = newDisk(DISK, 512);
        byte[] data = new byte[3 * 4096 + 17];
        new Random(1).nextBytes(data);
        try (BlockDevice dev = devices().open(disk, Access.READ_WRITE)) {
            write(dev.channel(), MIB + 100, data);
            dev.flush();
        }
        try (BlockDevice dev = devices().open(disk, Access.READ_ONLY)) {
            assertArrayEquals(data, read(dev.channel(), MIB + 100, data.length));
        }
    }

    @Test
    void discardZeroesAlignedRangesAndRejectsOthers() throws IOException {
        Path disk = newDisk(DISK, 4096);
        byte[] ones = new byte[(int) MIB];
        java.util.Arrays.fill(ones, (byte) 0x5a);
        try (BlockDevice dev = devices().open(disk, Access.READ_WRITE)) {
            write(dev.channel(), 0, ones);
            dev.flush();
            dev.discard(64 * 1024, 128 * 1024);
            byte[] back = read(dev.channel(), 0, ones.length);
            for (int i = 0; i < back.length; i++) {
                boolean discarded = i >= 64 * 1024 && i < 192 * 1024;
                assertEquals(discarded ? 0 : 0x5a, back[i] & 0xff, "byte " + i);
            }
            assertErrno("EINVAL", () -> dev.discard(512, 4096));
            assertErrno("EINVAL", () -> dev.discard(0, 0));
            assertErrno("EINVAL", () -> dev.discard(DISK - 4096, 8192));
        }
        try (BlockDevice dev = devices().open(disk, Access.READ_ONLY)) {
            assertErrno("EBADF", () -> dev.discard(0, 4096));
        }
    }

    @Test
    void blkpgAddsResizesAndDeletesPartitions() throws IOException {
        Path disk = newDisk(DISK, 512);
        DeviceNumber diskNumber = devices().deviceNumber(disk);
        try (BlockDevice dev = devices().open(disk, Access.READ_WRITE)) {
            assertEquals(List.of(), dev.partitions());
            dev.addPartition(1, MIB, 2 * MIB);
            dev.addPartition(2, 3 * MIB, MIB);
            List<BlockDevice.Partition> parts = dev.partitions();
            assertEquals(2, parts.size());
            assertEquals(1, parts.get(0).number());
            assertEquals(MIB, parts.get(0).start());
            assertEquals(2 * MIB, parts.get(0).length());
            assertEquals(3 * MIB, parts.get(1).start());
            assertNotEquals(diskNumber, parts.get(0).device());
            assertNotEquals(parts.get(0).device(), parts.get(1).device());
            assertEquals(parts.get(0).device(), devices().deviceNumber(BlockDevices.partitionPath(disk, 1)));

            try (BlockDevice p1 = devices().open(BlockDevices.partitionPath(disk, 1), Access.READ_WRITE)) {
                assertEquals(2 * MIB, p1.size());
                write(p1.channel(), 0, new byte[] {1, 2, 3});
                p1.flush();
                assertArrayEquals(new byte[] {1, 2, 3}, read(dev.channel(), MIB, 3));
                assertErrno("EINVAL", () -> p1.addPartition(3, 5 * MIB, MIB));
                assertErrno("EBUSY", () -> dev.deletePartition(1));
                assertErrno("EBUSY", dev::rereadPartitionTable);
            }

            assertErrno("EBUSY", () -> dev.addPartition(3, 2 * MIB, 2 * MIB));
            assertErrno("EBUSY", () -> dev.addPartition(2, 6 * MIB, MIB));
            assertErrno("EINVAL", () -> dev.addPartition(3, 5 * MIB + 1, MIB));
            assertErrno("EINVAL", () -> dev.addPartition(0, 5 * MIB, MIB));
            assertErrno("EINVAL", () -> dev.addPartition(3, 5 * MIB, 0));

            dev.resizePartition(2, 3 * MIB, 4 * MIB);
            assertEquals(4 * MIB, dev.partitions().get(1).length());
            assertErrno("EINVAL", () -> dev.resizePartition(2, 4 * MIB, MIB));
            assertErrno("EBUSY", () -> dev.resizePartition(1, MIB, 3 * MIB));
            assertErrno("ENXIO", () -> dev.resizePartition(7, MIB, MIB));

            dev.deletePartition(1);
            assertErrno("ENXIO", () -> dev.deletePartition(1));
            assertEquals(List.of(2), dev.partitions().stream().map(BlockDevice.Partition::number).toList());
            dev.deletePartition(2);
            assertEquals(List.of(), dev.partitions());
        }
    }

    /** Whether BLKRRPART understands an MBR here (a kernel without CONFIG_MSDOS_PARTITION reads nothing). */
    protected abstract boolean readsMbr() throws IOException;

    @Test
    void rereadingADiskWithoutATableDropsEveryPartition() throws IOException {
        Path disk = newDisk(DISK, 512);
        try (BlockDevice dev = devices().open(disk, Access.READ_WRITE)) {
            dev.addPartition(1, MIB, MIB);
            dev.addPartition(2, 2 * MIB, MIB);
            assertEquals(2, dev.partitions().size());
            dev.rereadPartitionTable();
            assertEquals(List.of(), dev.partitions());
        }
    }

    @Test
    void rereadingTheTableFindsAnMbrWrittenToTheDisk() throws IOException {
        Assumptions.assumeTrue(readsMbr(), "this kernel has no MBR parser (CONFIG_MSDOS_PARTITION is not set)");
        Path disk = newDisk(DISK, 512);
        try (BlockDevice dev = devices().open(disk, Access.READ_WRITE)) {
            write(dev.channel(), 0, TinyMbr.of(new long[][] {{2048, 4096}, {6144, 2048}}));
            dev.flush();
            dev.rereadPartitionTable();
            List<BlockDevice.Partition> parts = dev.partitions();
            assertEquals(2, parts.size());
            assertEquals(2048L * 512, parts.get(0).start());
            assertEquals(4096L * 512, parts.get(0).length());
            assertEquals(6144L * 512, parts.get(1).start());

            write(dev.channel(), 0, new byte[512]);
            dev.flush();
            dev.rereadPartitionTable();
            assertEquals(List.of(), dev.partitions());
        }
    }

    @Test
    void aClosedDeviceRefusesFurtherCalls() throws IOException {
        Path disk = newDisk(DISK, 512);
        BlockDevice dev = devices().open(disk, Access.READ_ONLY);
        dev.close();
        assertThrows(IllegalStateException.class, dev::size);
    }

    @Test
    void openingAMissingDeviceNamesErrnoAndPath() {
        PlatformException e = assertThrows(PlatformException.class,
                () -> devices().open(Path.of("/dev/twinroot-no-such-disk"), Access.READ_ONLY));
        assertEquals("ENOENT", e.errnoName());
        assertEquals(2, e.errno());
        assertTrue(e.getMessage().contains("/dev/twinroot-no-such-disk"), e.getMessage());
    }

    protected static void assertErrno(String expected, Call call) {
        PlatformException e = assertThrows(PlatformException.class, call::run);
        assertEquals(expected, e.errnoName(), e.getMessage());
        if (expected.equals("EBUSY")) {
            assertInstanceOf(DeviceBusyException.class, e);
        }
    }

    protected interface Call {
        void run() throws IOException;
    }

    protected static void write(SeekableByteChannel ch, long at, byte[] data) throws IOException {
        ch.position(at);
        ByteBuffer buf = ByteBuffer.wrap(data);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    protected static byte[] read(SeekableByteChannel ch, long at, int length) throws IOException {
        ch.position(at);
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) {
                throw new IOException("end of device after " + buf.position() + " bytes");
            }
        }
        return buf.array();
    }

    /** A classic MBR with Linux (0x83) primary partitions, enough for the kernel's msdos parser. */
    public static final class TinyMbr {
        private TinyMbr() {
        }

        public static byte[] of(long[][] startAndLengthInSectors) {
            ByteBuffer mbr = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < startAndLengthInSectors.length; i++) {
                int entry = 446 + 16 * i;
                mbr.put(entry + 4, (byte) 0x83);
                mbr.putInt(entry + 8, (int) startAndLengthInSectors[i][0]);
                mbr.putInt(entry + 12, (int) startAndLengthInSectors[i][1]);
            }
            mbr.put(510, (byte) 0x55).put(511, (byte) 0xaa);
            return mbr.array();
        }

        /** The scanner a fake needs for BLKRRPART: reads back what {@link #of} wrote (512-byte sectors). */
        public static List<dev.twinroot.platform.fake.FakeBlockDevices.Span> scan(SeekableByteChannel disk)
                throws IOException {
            ByteBuffer mbr = ByteBuffer.wrap(read(disk, 0, 512)).order(ByteOrder.LITTLE_ENDIAN);
            if ((mbr.get(510) & 0xff) != 0x55 || (mbr.get(511) & 0xff) != 0xaa) {
                return List.of();
            }
            List<dev.twinroot.platform.fake.FakeBlockDevices.Span> spans = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int entry = 446 + 16 * i;
                long start = Integer.toUnsignedLong(mbr.getInt(entry + 8));
                long length = Integer.toUnsignedLong(mbr.getInt(entry + 12));
                if (mbr.get(entry + 4) != 0 && length != 0) {
                    spans.add(new dev.twinroot.platform.fake.FakeBlockDevices.Span(i + 1, start * 512, length * 512));
                }
            }
            return spans;
        }
    }
}
