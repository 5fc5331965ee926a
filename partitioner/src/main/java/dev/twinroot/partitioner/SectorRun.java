package dev.twinroot.partitioner;

/** Bytes to write at an LBA: whole sectors. What a table encoder produces and a {@link Disk} consumes. */
public record SectorRun(long lba, byte[] bytes) {

    public SectorRun {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public void writeTo(Disk disk) throws java.io.IOException {
        disk.write(lba, bytes);
    }
}
