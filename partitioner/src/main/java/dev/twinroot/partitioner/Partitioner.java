package dev.twinroot.partitioner;

import dev.twinroot.partitioner.gpt.GptCodec;
import dev.twinroot.partitioner.gpt.GptConstants;
import dev.twinroot.partitioner.gpt.GptEntry;
import dev.twinroot.partitioner.gpt.GptGrow;
import dev.twinroot.partitioner.gpt.GptReader;
import dev.twinroot.partitioner.gpt.GptReading;
import dev.twinroot.partitioner.gpt.GptRepair;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.gpt.GptValidator;
import dev.twinroot.partitioner.gpt.ProtectiveMbr;
import dev.twinroot.partitioner.layout.LayoutPlanner;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.partitioner.mbr.MbrCodec;
import dev.twinroot.partitioner.mbr.MbrConstants;
import dev.twinroot.partitioner.mbr.MbrGrow;
import dev.twinroot.partitioner.mbr.MbrTable;
import dev.twinroot.partitioner.mbr.MbrValidator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.random.RandomGenerator;

/**
 * What the {@code twinroot part} commands do, on any {@link Disk}: create a table from a layout, read,
 * verify, repair and grow. Writes go to the disk and are flushed; on a real block device the caller must
 * then make the kernel re-read the table (BLKRRPART).
 */
public final class Partitioner {

    private final LayoutPlanner planner;

    public Partitioner(RandomGenerator random) {
        this.planner = new LayoutPlanner(random);
    }

    /** The result of growing a partition: its number and size in sectors before and after. */
    public record Growth(int number, long sectorsBefore, long sectorsAfter) {
    }

    /** Which table is on the disk, or a {@link CorruptTableException} when neither is recognisable. */
    public TableKind detect(Disk disk) throws IOException {
        long sectors = disk.sectors();
        if (sectors < 1) {
            throw new CorruptTableException("no partition table: the disk is empty (0 sectors of " + disk.sectorSize() + " bytes)");
        }
        MbrTable mbr = MbrCodec.decode(disk.read(0, 1));
        boolean signed = mbr.bootSignature() == MbrConstants.BOOT_SIGNATURE;
        if (mbr.entries().stream().anyMatch(e -> e.type() == MbrConstants.TYPE_GPT_PROTECTIVE)) {
            return TableKind.GPT;
        }
        if (signed && mbr.entries().stream().anyMatch(e -> e.isUsed())) {
            return TableKind.DOS;
        }
        if (hasGptSignature(disk, 1) || hasGptSignature(disk, sectors - 1)) {
            return TableKind.GPT;
        }
        if (signed) {
            return TableKind.DOS;
        }
        throw new CorruptTableException("no partition table: LBA 0 has no boot signature 0x55 0xAA and neither LBA 1 nor the last LBA "
                + "holds a GPT header" + otherSectorSizeHint(disk));
    }

    /** The table, or an exception if it cannot be read; problems that do not prevent reading are ignored. */
    public DiskLabel read(Disk disk) throws IOException {
        try {
            if (detect(disk) == TableKind.GPT) {
                GptReading r = GptReader.read(disk);
                return DiskLabel.of(r.table().orElseThrow(() -> noIntactGpt(disk, r)));
            }
            MbrTable mbr = dosTable(disk);
            return DiskLabel.of(mbr, disk.sectorSize(), disk.sectors());
        } catch (RuntimeException e) {
            throw lastResort(e);
        }
    }

    /** Every problem with the table on the disk, one line each; empty when it is valid. */
    public List<String> verify(Disk disk) throws IOException {
        try {
            if (detect(disk) == TableKind.GPT) {
                GptReading r = GptReader.read(disk);
                List<String> problems = new ArrayList<>(r.problems());
                if (r.table().isEmpty()) {
                    otherSectorSize(disk).ifPresent(problems::add);
                }
                return problems;
            }
            MbrTable mbr = MbrCodec.decode(disk.read(0, 1));
            return MbrValidator.check(mbr, disk.sectors());
        } catch (RuntimeException e) {
            throw lastResort(e);
        }
    }

    /** Repairs what can be repaired and returns one line per action; empty when there was nothing to do. */
    public List<String> repair(Disk disk) throws IOException {
        if (detect(disk) == TableKind.DOS) {
            List<String> problems = MbrValidator.check(MbrCodec.decode(disk.read(0, 1)), disk.sectors());
            if (problems.isEmpty()) {
                return List.of();
            }
            throw new CorruptTableException("an MBR has no backup copy to repair from: " + String.join("; ", problems));
        }
        GptRepair.Plan plan = GptRepair.plan(GptReader.read(disk));
        for (SectorRun run : plan.writes()) {
            run.writeTo(disk);
            disk.flush();
        }
        return plan.actions();
    }

    /**
     * Grows partition {@code number} (default: the one that ends last) to the end of the disk. On a GPT disk
     * that grew, the backup moves to the new end first. The table must be otherwise valid. Each write is
     * flushed before the next, in an order that leaves a readable table after a power cut at any point (see
     * {@link GptCodec#encode}); growing again after a cut finishes the job.
     */
    public Growth grow(Disk disk, OptionalInt number) throws IOException {
        GrowPlan plan = planGrowth(disk, number);
        for (SectorRun run : plan.writes()) {
            run.writeTo(disk);
            disk.flush();
        }
        return plan.growth();
    }

    /** What {@link #grow} would do, without writing: {@code sectorsAfter == sectorsBefore} when nothing. */
    public Growth growth(Disk disk, OptionalInt number) throws IOException {
        return planGrowth(disk, number).growth();
    }

    /** The growth and the writes that make it, in order; no writes when the partition already fills the disk. */
    private record GrowPlan(Growth growth, List<SectorRun> writes) {
    }

    private GrowPlan planGrowth(Disk disk, OptionalInt number) throws IOException {
        if (detect(disk) == TableKind.DOS) {
            MbrTable mbr = dosTable(disk);
            int n = number.orElse(lastPartition(DiskLabel.of(mbr, disk.sectorSize(), disk.sectors())));
            MbrTable grown = MbrGrow.grow(mbr, n, disk.sectors());
            Growth growth = new Growth(n, mbr.entry(n).sectors(), grown.entry(n).sectors());
            return new GrowPlan(growth, grown.equals(mbr) ? List.of()
                    : List.of(new SectorRun(0, sector0With(disk, MbrCodec.encode(grown)))));
        }
        GptReading r = GptReader.read(disk);
        GptTable table = r.table().orElseThrow(() -> noIntactGpt(disk, r));
        List<String> content = GptValidator.checkTable(table);
        if (!content.isEmpty()) {
            throw new CorruptTableException("the GPT is invalid, not growing anything: " + String.join("; ", content));
        }
        int n = number.orElse(lastPartition(DiskLabel.of(table)));
        GptTable grown = GptGrow.grow(table, n);
        List<SectorRun> writes = new ArrayList<>();
        if (!grown.equals(table)) {
            writes.addAll(GptCodec.encode(grown));
        }
        if (!ProtectiveMbr.check(r.mbr(), disk.sectors()).isEmpty()) {
            writes.add(new SectorRun(0, sector0With(disk, MbrCodec.encode(ProtectiveMbr.of(disk.sectors(), Optional.of(r.mbr()))))));
        }
        GptEntry before = table.entries().get(n - 1);
        return new GrowPlan(new Growth(n, before.sectors(), grown.entries().get(n - 1).sectors()), writes);
    }

    /**
     * Writes the table the layout describes over the whole disk, which must be at least the layout's size
     * (on a larger disk, a "rest" partition takes the extra room).
     */
    public DiskLabel create(Disk disk, LayoutSpec layout) throws IOException {
        long sectors = disk.sectors();
        if (LayoutPlanner.kind(layout) == TableKind.GPT) {
            GptTable table = planner.gpt(layout, disk.sectorSize(), sectors);
            for (SectorRun run : GptCodec.encode(table)) {
                run.writeTo(disk);
            }
            disk.write(0, sector0With(disk, MbrCodec.encode(ProtectiveMbr.of(sectors, Optional.empty()))));
            disk.flush();
            return DiskLabel.of(table);
        }
        MbrTable mbr = planner.mbr(layout, disk.sectorSize(), sectors);
        // A GPT left over from an earlier layout would make the disk look like GPT to other tools.
        for (long lba : new long[] {1, sectors - 1}) {
            if (hasGptSignature(disk, lba)) {
                disk.write(lba, new byte[disk.sectorSize()]);
            }
        }
        disk.write(0, sector0With(disk, MbrCodec.encode(mbr)));
        disk.flush();
        return DiskLabel.of(mbr, disk.sectorSize(), sectors);
    }

    /**
     * Creates the layout on an image file (made or resized to the layout's size) or on a block device (at
     * least the layout's size; its table then spans the whole device). An existing image is never cut
     * below the end of the partitions of a table it already holds.
     */
    public DiskLabel createImage(java.nio.file.Path image, LayoutSpec layout, int sectorSize) throws IOException {
        long wanted = LayoutPlanner.diskBytes(layout, sectorSize);
        try (FileDisk disk = FileDisk.openOrCreateImage(image, sectorSize)) {
            if (!disk.isBlockDevice()) {
                if (disk.sizeBytes() > wanted) {
                    refuseToCut(disk, wanted);
                }
                disk.resize(wanted);
            }
            // On a block device the kernel still holds the old table: the caller must issue BLKRRPART
            // (platform module) after this returns.
            return create(disk, layout);
        }
    }

    private void refuseToCut(FileDisk disk, long wanted) throws IOException {
        DiskLabel existing;
        try {
            existing = read(disk);
        } catch (PartitionException e) {
            return; // no readable table: nothing of ours to protect
        }
        for (DiskLabel.Partition p : existing.partitions()) {
            long endByte = Math.multiplyExact(p.end() + 1, (long) disk.sectorSize());
            if (endByte > wanted) {
                throw new DoesNotFitException(disk.path() + " holds a " + existing.table().label() + " table whose partition "
                        + p.number() + " ends at byte " + endByte + ", past the layout's size of " + wanted
                        + " bytes: refusing to shrink the image below it (delete the file to start over)");
            }
        }
    }

    private static MbrTable dosTable(Disk disk) throws IOException {
        MbrTable mbr = MbrCodec.decode(disk.read(0, 1));
        for (int n = 1; n <= MbrConstants.ENTRY_COUNT; n++) {
            if (MbrConstants.isExtended(mbr.entry(n).type())) {
                throw new UnsupportedTableException(String.format("MBR partition %d is an extended partition (type 0x%02x): "
                        + "logical partitions are not supported", n, mbr.entry(n).type()));
            }
        }
        List<String> problems = MbrValidator.check(mbr, disk.sectors());
        if (mbr.bootSignature() != MbrConstants.BOOT_SIGNATURE) {
            throw new CorruptTableException(String.join("; ", problems));
        }
        return mbr;
    }

    private static int lastPartition(DiskLabel label) throws UnsupportedTableException {
        return label.partitions().stream().max(java.util.Comparator.comparingLong(DiskLabel.Partition::end))
                .orElseThrow(() -> new UnsupportedTableException("the table has no partitions to grow")).number();
    }

    /** Sector 0 with its first 512 bytes replaced, so the rest of a 4096-byte sector 0 is kept. */
    private static byte[] sector0With(Disk disk, byte[] mbr) throws IOException {
        byte[] sector = disk.read(0, 1);
        System.arraycopy(mbr, 0, sector, 0, mbr.length);
        return sector;
    }

    private static boolean hasGptSignature(Disk disk, long lba) throws IOException {
        if (lba < 1 || lba >= disk.sectors()) {
            return false;
        }
        return ByteBuffer.wrap(disk.read(lba, 1)).order(ByteOrder.LITTLE_ENDIAN).getLong(0) == GptConstants.SIGNATURE;
    }

    private static CorruptTableException noIntactGpt(Disk disk, GptReading r) {
        List<String> damage = new ArrayList<>(r.primary().damage());
        damage.addAll(r.backup().damage());
        String hint;
        try {
            hint = otherSectorSizeHint(disk);
        } catch (IOException e) {
            hint = "";
        }
        return new CorruptTableException("no intact GPT copy: " + String.join("; ", damage) + hint);
    }

    /** " (hint)" when a GPT header sits where the other sector size would put it, else "". */
    private static String otherSectorSizeHint(Disk disk) throws IOException {
        return otherSectorSize(disk).map(h -> " (" + h + ")").orElse("");
    }

    /** A GPT header at byte 512 of a 4096-byte disk or byte 4096 of a 512-byte one: the wrong --sector-size. */
    private static Optional<String> otherSectorSize(Disk disk) throws IOException {
        if (disk.sectors() < 1) {
            return Optional.empty();
        }
        int other = disk.sectorSize() == 512 ? 4096 : 512;
        boolean found;
        if (other < disk.sectorSize()) {
            found = ByteBuffer.wrap(disk.read(0, 1)).order(ByteOrder.LITTLE_ENDIAN).getLong(other) == GptConstants.SIGNATURE;
        } else {
            found = hasGptSignature(disk, other / disk.sectorSize());
        }
        return found ? Optional.of("a GPT header sits at byte " + other + ": the disk has " + other
                + "-byte sectors; pass --sector-size " + other) : Optional.empty();
    }

    /** STYLE #12: a bug in a reader must still reach the caller as this module's exception, cause attached. */
    private static CorruptTableException lastResort(RuntimeException e) {
        return new CorruptTableException("unexpected error while reading the partition table: " + e, e);
    }
}
