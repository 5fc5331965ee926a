package dev.twinroot.partitioner;

import dev.twinroot.partitioner.gpt.GptAttribute;
import dev.twinroot.partitioner.gpt.GptEntry;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.mbr.MbrEntry;
import dev.twinroot.partitioner.mbr.MbrTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A partition table as a person reads it, whatever its format: what {@code part show} prints. Field names
 * follow {@code sfdisk --json} (id, firstlba, lastlba, start, size, type, uuid, name) so the two compare.
 */
public record DiskLabel(TableKind table, int sectorSize, long sectors, String id, long firstUsableLba, long lastUsableLba,
                        List<Partition> partitions) {

    public DiskLabel {
        partitions = List.copyOf(partitions);
    }

    /**
     * One partition. {@code type} is the GPT type GUID (upper case, as sfdisk prints it) or the DOS type byte
     * in hex without prefix ("83", as sfdisk prints it); {@code uuid} and {@code attributes} are GPT only.
     */
    public record Partition(int number, long start, long size, String type, Optional<PartitionType> knownType,
                            Optional<String> uuid, String name, List<String> attributes, boolean bootable) {

        public Partition {
            attributes = List.copyOf(attributes);
        }

        public long end() {
            return start + size - 1;
        }
    }

    public static DiskLabel of(GptTable t) {
        List<Partition> parts = new ArrayList<>();
        for (int n : t.partitionNumbers()) {
            GptEntry e = t.entries().get(n - 1);
            parts.add(new Partition(n, e.firstLba(), e.sectors(), e.typeGuid().toString().toUpperCase(Locale.ROOT),
                    PartitionType.byGptGuid(e.typeGuid()), Optional.of(e.uniqueGuid().toString().toUpperCase(Locale.ROOT)),
                    e.name(), GptAttribute.describe(e.attributes()), e.hasAttribute(GptAttribute.LEGACY_BIOS_BOOTABLE)));
        }
        return new DiskLabel(TableKind.GPT, t.sectorSize(), t.diskSectors(), t.diskGuid().toString().toUpperCase(Locale.ROOT),
                t.firstUsableLba(), t.lastUsableLba(), parts);
    }

    public static DiskLabel of(MbrTable t, int sectorSize, long diskSectors) {
        List<Partition> parts = new ArrayList<>();
        for (int n = 1; n <= t.entries().size(); n++) {
            MbrEntry e = t.entry(n);
            if (e.isUsed()) {
                parts.add(new Partition(n, e.firstLba(), e.sectors(), Integer.toHexString(e.type()),
                        PartitionType.byMbrType(e.type()), Optional.empty(), "", List.of(), e.isBootable()));
            }
        }
        // sfdisk reports the first partition's start (or the default 2048) as firstlba for DOS; we report 1,
        // the first sector an MBR partition may use, which is what is true of the format.
        return new DiskLabel(TableKind.DOS, sectorSize, diskSectors, t.diskId(), 1, Math.min(diskSectors - 1, 0xFFFF_FFFFL), parts);
    }
}
