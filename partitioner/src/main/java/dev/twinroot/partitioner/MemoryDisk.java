package dev.twinroot.partitioner;

import java.util.Arrays;
import java.util.Objects;

/** A disk held in a byte array: for building tables in memory and for tests and fuzzing. */
public final class MemoryDisk implements Disk {

    private final int sectorSize;
    private final byte[] bytes;

    /** A disk of {@code sectors} zeroed sectors. */
    public MemoryDisk(int sectorSize, long sectors) {
        this.sectorSize = Disk.checkSectorSize(sectorSize);
        this.bytes = new byte[Math.toIntExact(Math.multiplyExact(sectors, sectorSize))];
    }

    /** A disk over a copy of {@code content}; a trailing partial sector is dropped. */
    public static MemoryDisk of(int sectorSize, byte[] content) {
        MemoryDisk disk = new MemoryDisk(sectorSize, content.length / Disk.checkSectorSize(sectorSize));
        System.arraycopy(content, 0, disk.bytes, 0, disk.bytes.length);
        return disk;
    }

    @Override
    public int sectorSize() {
        return sectorSize;
    }

    @Override
    public long sectors() {
        return bytes.length / sectorSize;
    }

    @Override
    public byte[] read(long lba, int count) {
        int from = offset(lba, count);
        return Arrays.copyOfRange(bytes, from, from + count * sectorSize);
    }

    @Override
    public void write(long lba, byte[] data) {
        if (data.length % sectorSize != 0) {
            throw new IllegalArgumentException("write of " + data.length + " bytes is not whole " + sectorSize + "-byte sectors");
        }
        System.arraycopy(data, 0, bytes, offset(lba, data.length / sectorSize), data.length);
    }

    @Override
    public void flush() {
    }

    /** A copy of the whole disk. */
    public byte[] bytes() {
        return bytes.clone();
    }

    private int offset(long lba, int count) {
        Objects.checkFromIndexSize(lba, count, sectors());
        return Math.toIntExact(lba * sectorSize);
    }
}
