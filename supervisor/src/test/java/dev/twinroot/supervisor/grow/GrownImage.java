package dev.twinroot.supervisor.grow;

import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.SectorRun;
import dev.twinroot.partitioner.gpt.GptCodec;
import dev.twinroot.partitioner.gpt.GptEntry;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.gpt.ProtectiveMbr;
import dev.twinroot.partitioner.mbr.MbrCodec;
import dev.twinroot.partitioner.mbr.MbrEntry;
import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A disk image as the image builder makes one, then flashed to a bigger card: a GPT or an MBR with a 1 MiB
 * boot partition, a 16 MiB ext4 data partition (made by the real mke2fs, 4 KiB blocks) and optionally a
 * partition after it; the file then grows to {@code grownBytes}.
 */
record GrownImage(Path file, long partitionStart, long partitionBytes, int dataNumber) {

    static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    static final long MIB = 1 << 20;
    static final long BOOT_START = MIB;
    static final long DATA_START = 2 * MIB;
    static final long DATA_BYTES = 16 * MIB;
    private static final UUID LINUX = UUID.fromString("0FC63DAF-8483-4772-8E79-3D69D8477DE4");

    static GrownImage gpt(Path file, long grownBytes, boolean partitionAfterData) throws IOException {
        long imageBytes = DATA_START + DATA_BYTES + (partitionAfterData ? 2 * MIB : MIB);
        setLength(file, imageBytes);
        List<GptEntry> entries = new ArrayList<>();
        entries.add(entry(1, BOOT_START, MIB, "boot"));
        entries.add(entry(2, DATA_START, DATA_BYTES, "data"));
        if (partitionAfterData) {
            entries.add(entry(3, DATA_START + DATA_BYTES, MIB / 2, "spare"));
        }
        GptTable table = GptTable.create(512, imageBytes / 512, new UUID(0x1234, 0x5678), 128, 128, entries);
        try (FileDisk disk = FileDisk.open(file, 512)) {
            for (SectorRun run : GptCodec.encode(table)) {
                run.writeTo(disk);
            }
            disk.write(0, MbrCodec.encodeSector(ProtectiveMbr.of(table.diskSectors(), Optional.empty()), 512));
            disk.flush();
        }
        return finish(file, grownBytes, 2);
    }

    static GrownImage mbr(Path file, long grownBytes) throws IOException {
        setLength(file, DATA_START + DATA_BYTES);
        try (FileDisk disk = FileDisk.open(file, 512)) {
            disk.write(0, MbrCodec.encodeSector(dev.twinroot.partitioner.mbr.MbrTable.of(0x2b7a1e55L, List.of(
                    MbrEntry.of(0x0c, BOOT_START / 512, MIB / 512, true),
                    MbrEntry.of(0x83, DATA_START / 512, DATA_BYTES / 512, false),
                    MbrEntry.EMPTY, MbrEntry.EMPTY)), 512));
            disk.flush();
        }
        return finish(file, grownBytes, 2);
    }

    private static GrownImage finish(Path file, long grownBytes, int dataNumber) throws IOException {
        MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-b", "4096", "-E", "offset=" + DATA_START, file.toString(),
                (DATA_BYTES / 1024) + "k"), Duration.ofSeconds(60)).requireSuccess();
        setLength(file, grownBytes);
        return new GrownImage(file, DATA_START, DATA_BYTES, dataNumber);
    }

    private static GptEntry entry(int n, long start, long bytes, String name) {
        return new GptEntry(LINUX, new UUID(0xabcd, n), start / 512, (start + bytes) / 512 - 1, 0, name);
    }

    static void setLength(Path file, long bytes) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(bytes);
        }
    }
}
