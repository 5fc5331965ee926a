package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.CorruptTableException;
import dev.twinroot.partitioner.DoesNotFitException;
import dev.twinroot.partitioner.SectorRun;
import dev.twinroot.partitioner.mbr.MbrCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Restores a damaged GPT copy from the intact one, moves the backup to the end of a disk that grew (and
 * the last usable LBA with it, as {@code sgdisk -e} does) and rewrites a wrong protective MBR. It never
 * invents a table: if neither copy is intact, or the intact one's partitions are themselves invalid, it
 * refuses.
 */
public final class GptRepair {

    private GptRepair() {
    }

    /** What to write, in order, and a line per action taken; no runs when there is nothing to repair. */
    public record Plan(GptTable table, List<SectorRun> writes, List<String> actions) {

        public Plan {
            writes = List.copyOf(writes);
            actions = List.copyOf(actions);
        }
    }

    public static Plan plan(GptReading reading) throws CorruptTableException, DoesNotFitException {
        GptTable found = reading.table().orElseThrow(() -> new CorruptTableException(
                "no intact GPT copy to repair from: " + String.join("; ", reading.problems())));
        GptTable table = found;
        List<String> actions = new ArrayList<>();
        if (table.lastUsableLba() < table.maxLastUsableLba()) {
            table = table.onDiskOf(reading.diskSectors());
            actions.add("moved the backup GPT header to the last LBA " + table.lastLba() + "; last usable LBA "
                    + found.lastUsableLba() + " -> " + table.lastUsableLba());
        }
        List<String> contentProblems = GptValidator.checkTable(table);
        if (!contentProblems.isEmpty()) {
            throw new CorruptTableException("the intact GPT copy has invalid partitions, which repair cannot guess how to fix: "
                    + String.join("; ", contentProblems));
        }
        boolean fromBackup = !reading.primary().intact();
        if (fromBackup) {
            actions.add("rewrote the primary GPT header and partition entries from the backup");
        } else if (!reading.backup().intact()) {
            actions.add("rewrote the backup GPT header and partition entries from the primary");
        } else if (!reading.problems().equals(reading.mbrProblems()) && actions.isEmpty()) {
            actions.add("rewrote both GPT copies from the primary");
        }
        List<SectorRun> writes = new ArrayList<>();
        if (!actions.isEmpty()) {
            writes.addAll(GptCodec.encode(table));
        }
        if (!ProtectiveMbr.check(reading.mbr(), reading.diskSectors()).isEmpty()) {
            writes.add(new SectorRun(0, protectiveSector(reading)));
            actions.add("rewrote the protective MBR");
        }
        return new Plan(table, writes, actions);
    }

    private static byte[] protectiveSector(GptReading reading) {
        return MbrCodec.encodeSector(ProtectiveMbr.of(reading.diskSectors(), Optional.of(reading.mbr())), reading.sectorSize());
    }
}
