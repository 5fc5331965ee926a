package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.Sectors;
import static dev.twinroot.partitioner.gpt.GptConstants.PRIMARY_HEADER_LBA;

import dev.twinroot.partitioner.CorruptTableException;
import dev.twinroot.partitioner.Disk;
import dev.twinroot.partitioner.mbr.MbrCodec;
import dev.twinroot.partitioner.mbr.MbrTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a GPT disk: protective MBR, primary copy at LBA 1, backup copy where the primary says (or at the
 * last LBA when the primary cannot be trusted). Damage is reported, not thrown: a damaged disk still reads,
 * so that verify can list everything and repair can work from the intact copy. Only a disk too small to
 * hold a GPT at all is an exception.
 */
public final class GptReader {

    private GptReader() {
    }

    public static GptReading read(Disk disk) throws IOException {
        long sectors = disk.sectors();
        // LBA 0, both headers and one sector of each entry array is the least any GPT needs.
        if (sectors < 5) {
            throw new CorruptTableException("disk of " + sectors + " sectors of " + disk.sectorSize() + " bytes is too small to hold a GPT");
        }
        long last = sectors - 1;
        MbrTable mbr = MbrCodec.decode(disk.read(0, 1));
        List<String> mbrProblems = ProtectiveMbr.check(mbr, sectors);

        GptCopy primary = readCopy(disk, "primary", PRIMARY_HEADER_LBA, sectors);
        long backupLba = primary.header().map(GptHeader::alternateLba).filter(a -> a > PRIMARY_HEADER_LBA && a <= last).orElse(last);
        GptCopy backup = readCopy(disk, "backup", backupLba, sectors);

        List<String> problems = new ArrayList<>(mbrProblems);
        problems.addAll(primary.damage());
        problems.addAll(backup.damage());
        primary.header().map(GptHeader::alternateLba).filter(a -> a != last).ifPresent(a -> problems.add(
                "primary GPT header (LBA 1): alternate LBA: expected the last LBA " + last + ", found " + a
                        + (a < last ? " (the disk grew: run repair)" : "")));
        if (backupLba != last && backup.header().isPresent()) {
            problems.add("backup GPT header is at LBA " + backupLba + ", not at the last LBA " + last + " (the disk grew: run repair)");
        }
        if (primary.intact() && backup.intact()) {
            problems.addAll(compare(primary.header().get(), backup.header().get()));
        }
        Optional<GptTable> table = Optional.empty();
        GptCopy source = primary.intact() ? primary : backup;
        if (source.intact()) {
            GptHeader h = source.header().get();
            long primaryEntriesLba = source == primary ? h.entriesLba() : GptConstants.PRIMARY_ENTRIES_LBA;
            long arraySectors = Sectors.ceilDiv(h.entryArrayBytes(), disk.sectorSize());
            if (2 * (2 + arraySectors) > sectors) {
                problems.add("GPT: a " + arraySectors + "-sector entry array twice does not fit on a disk of " + sectors + " sectors");
            } else {
                GptTable t = GptCodec.table(h, source.entries().get(), disk.sectorSize(), sectors, primaryEntriesLba);
                table = Optional.of(t);
                // The standard placement is what we check against: the table as we would write it back.
                problems.addAll(GptValidator.checkTable(t));
            }
        }
        return new GptReading(disk.sectorSize(), sectors, mbr, mbrProblems, primary, backup, problems, table);
    }

    private static GptCopy readCopy(Disk disk, String name, long lba, long sectors) throws IOException {
        byte[] sector = disk.read(lba, 1);
        GptHeader h = GptCodec.decodeHeader(sector);
        List<String> damage = GptValidator.checkHeader(name, h, sector, lba, sectors);
        if (!damage.isEmpty()) {
            return new GptCopy(name, lba, Optional.empty(), Optional.empty(), damage);
        }
        int arraySectors = Math.toIntExact(Sectors.ceilDiv(h.entryArrayBytes(), disk.sectorSize()));
        byte[] array = disk.read(h.entriesLba(), arraySectors);
        damage = GptValidator.checkEntriesCrc(name, h, array);
        if (!damage.isEmpty()) {
            return new GptCopy(name, lba, Optional.of(h), Optional.empty(), damage);
        }
        List<GptEntry> entries = GptCodec.decodeEntries(array, (int) h.entryCount(), (int) h.entrySize());
        return new GptCopy(name, lba, Optional.of(h), Optional.of(entries), List.of());
    }

    /** The two headers of an intact pair must describe the same table. */
    private static List<String> compare(GptHeader p, GptHeader b) {
        List<String> out = new ArrayList<>();
        differ(out, "disk GUID", p.diskGuid(), b.diskGuid());
        differ(out, "first usable LBA", p.firstUsableLba(), b.firstUsableLba());
        differ(out, "last usable LBA", p.lastUsableLba(), b.lastUsableLba());
        differ(out, "number of partition entries", p.entryCount(), b.entryCount());
        differ(out, "size of partition entry", p.entrySize(), b.entrySize());
        differ(out, "partition entry array CRC32", String.format("0x%08x", p.entriesCrc32()), String.format("0x%08x", b.entriesCrc32()));
        return out;
    }

    private static void differ(List<String> out, String field, Object primary, Object backup) {
        if (!primary.equals(backup)) {
            out.add("primary and backup GPT headers differ in " + field + ": primary " + primary + ", backup " + backup);
        }
    }
}
