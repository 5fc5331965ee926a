package dev.twinroot.partitioner.gpt;

import dev.twinroot.partitioner.DoesNotFitException;
import dev.twinroot.partitioner.UnsupportedTableException;

/** The first-boot expansion: the last partition takes the room a grown disk added. */
public final class GptGrow {

    private GptGrow() {
    }

    /**
     * Grows partition {@code number} to the end of the usable space, after moving the backup to the end of
     * the disk. Only the partition that ends last can grow, since growing any other would overlap the next.
     */
    public static GptTable grow(GptTable table, int number) throws DoesNotFitException, UnsupportedTableException {
        GptEntry entry = table.partition(number).orElseThrow(() -> new UnsupportedTableException(
                "GPT has no partition " + number + "; partitions: " + table.partitionNumbers()));
        GptTable moved = table.onDiskOf(table.diskSectors());
        for (int n : table.partitionNumbers()) {
            GptEntry other = table.entries().get(n - 1);
            if (n != number && other.lastLba() >= entry.lastLba()) {
                throw new DoesNotFitException("GPT partition " + number + " cannot grow: partition " + n
                        + " lies after it (LBAs " + other.firstLba() + "-" + other.lastLba() + "); only the last partition can grow");
            }
        }
        if (entry.lastLba() > moved.lastUsableLba()) {
            throw new DoesNotFitException("GPT partition " + number + " ends at LBA " + entry.lastLba()
                    + ", past the last usable LBA " + moved.lastUsableLba());
        }
        return moved.withEntry(number, entry.withLastLba(moved.lastUsableLba()));
    }
}
