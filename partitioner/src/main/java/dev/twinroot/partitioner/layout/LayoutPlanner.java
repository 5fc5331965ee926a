package dev.twinroot.partitioner.layout;

import dev.twinroot.partitioner.Sectors;
import dev.twinroot.partitioner.DoesNotFitException;
import dev.twinroot.partitioner.LayoutException;
import dev.twinroot.partitioner.PartitionException;
import dev.twinroot.partitioner.PartitionType;
import dev.twinroot.partitioner.TableKind;
import dev.twinroot.partitioner.gpt.GptAttribute;
import dev.twinroot.partitioner.gpt.GptConstants;
import dev.twinroot.partitioner.gpt.GptEntry;
import dev.twinroot.partitioner.gpt.GptTable;
import dev.twinroot.partitioner.mbr.MbrConstants;
import dev.twinroot.partitioner.mbr.MbrEntry;
import dev.twinroot.partitioner.mbr.MbrTable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Turns a layout into a table: partitions in list order, each start rounded up to the alignment, each
 * size rounded up to whole sectors, "rest" (last partition only) to the end of the usable space.
 */
public final class LayoutPlanner {

    static final long DEFAULT_ALIGNMENT = 1 << 20;

    private final RandomGenerator random;

    public LayoutPlanner(RandomGenerator random) {
        this.random = random;
    }

    public static TableKind kind(LayoutSpec spec) throws LayoutException {
        return TableKind.parse(require("table", spec.table()));
    }

    /** The disk size the layout asks for, checked to be whole sectors. */
    public static long diskBytes(LayoutSpec spec, int sectorSize) throws LayoutException {
        long bytes = Size.parse("size", require("size", spec.size()));
        if (bytes <= 0 || bytes % sectorSize != 0) {
            throw new LayoutException("size: " + spec.size() + " is not a positive multiple of the " + sectorSize + "-byte sector");
        }
        return bytes;
    }

    /** The layout's GPT on a disk of exactly the layout's size. */
    public GptTable gpt(LayoutSpec spec, int sectorSize) throws PartitionException {
        return gpt(spec, sectorSize, diskBytes(spec, sectorSize) / sectorSize);
    }

    /**
     * The layout's GPT on a disk of {@code diskSectors}, at least the layout's size: a larger disk (a block
     * device, an image that is kept larger) gives "rest" more room.
     */
    public GptTable gpt(LayoutSpec spec, int sectorSize, long diskSectors) throws PartitionException {
        requireKind(spec, TableKind.GPT);
        requireRoom(spec, sectorSize, diskSectors);
        int entryCount = spec.entries() == null ? GptConstants.DEFAULT_ENTRY_COUNT : spec.entries();
        int maxEntries = GptConstants.MAX_ENTRY_ARRAY_BYTES / GptConstants.MIN_ENTRY_SIZE;
        int minEntries = GptConstants.MIN_ENTRY_ARRAY_BYTES / GptConstants.MIN_ENTRY_SIZE;
        if (entryCount < minEntries || entryCount > maxEntries) {
            throw new LayoutException("entries: expected " + minEntries + " to " + maxEntries + " GPT entry slots, found " + entryCount);
        }
        List<LayoutSpec.PartitionSpec> parts = partitions(spec, entryCount);
        GuidSource guids = guids(spec);
        UUID diskGuid = spec.id() == null ? guids.guid("disk") : guid("id", spec.id());
        long arraySectors = Sectors.ceilDiv((long) entryCount * GptConstants.MIN_ENTRY_SIZE, sectorSize);
        if (diskSectors < 2 * (2 + arraySectors) + 1) {
            throw new DoesNotFitException("size: " + spec.size() + " cannot even hold the GPT itself");
        }
        long firstUsable = GptConstants.PRIMARY_ENTRIES_LBA + arraySectors;
        long lastUsable = diskSectors - 2 - arraySectors;
        List<long[]> extents = place(spec, parts, sectorSize, firstUsable, lastUsable, Long.MAX_VALUE);
        Set<UUID> used = new HashSet<>(List.of(diskGuid));
        List<GptEntry> entries = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            LayoutSpec.PartitionSpec p = parts.get(i);
            String where = "partitions[" + i + "]";
            UUID unique = p.guid() == null ? guids.guid("partition " + (i + 1)) : guid(where + ".guid", p.guid());
            if (!used.add(unique)) {
                throw new LayoutException(where + ".guid: " + unique + " is already used by the disk or another partition");
            }
            long attributes = attributes(where, p);
            String name = p.label() == null ? "" : p.label();
            entries.add(new GptEntry(PartitionType.parseGpt(require(where + ".type", p.type())), unique,
                    extents.get(i)[0], extents.get(i)[1], attributes, name));
        }
        return GptTable.create(sectorSize, diskSectors, diskGuid, entryCount, GptConstants.MIN_ENTRY_SIZE, entries);
    }

    /** The layout's MBR on a disk of exactly the layout's size. */
    public MbrTable mbr(LayoutSpec spec, int sectorSize) throws PartitionException {
        return mbr(spec, sectorSize, diskBytes(spec, sectorSize) / sectorSize);
    }

    /** The layout's MBR on a disk of {@code diskSectors}, at least the layout's size. */
    public MbrTable mbr(LayoutSpec spec, int sectorSize, long diskSectors) throws PartitionException {
        requireKind(spec, TableKind.DOS);
        requireRoom(spec, sectorSize, diskSectors);
        if (spec.entries() != null) {
            throw new LayoutException("entries: an MBR always has 4 entries; remove the field");
        }
        List<LayoutSpec.PartitionSpec> parts = partitions(spec, MbrConstants.ENTRY_COUNT);
        long signature = spec.id() == null ? guids(spec).diskSignature() : diskSignature(spec.id());
        List<long[]> extents = place(spec, parts, sectorSize, 1, diskSectors - 1, MbrConstants.MAX_SECTORS);
        List<MbrEntry> entries = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            LayoutSpec.PartitionSpec p = parts.get(i);
            String where = "partitions[" + i + "]";
            if (p.guid() != null || (p.attributes() != null && !p.attributes().isEmpty())) {
                throw new LayoutException(where + ": guid and attributes exist only in GPT; an MBR entry has a type and a bootable flag");
            }
            long first = extents.get(i)[0];
            long sectors = extents.get(i)[1] - first + 1;
            if (first > MbrConstants.MAX_SECTORS) {
                throw new DoesNotFitException(where + ": starts at LBA " + first + ", beyond the 32-bit LBAs an MBR can address");
            }
            entries.add(MbrEntry.of(PartitionType.parseMbr(require(where + ".type", p.type())), first, sectors,
                    Boolean.TRUE.equals(p.bootable())));
        }
        while (entries.size() < MbrConstants.ENTRY_COUNT) {
            entries.add(MbrEntry.EMPTY);
        }
        return MbrTable.of(signature, entries);
    }

    /** [first, last] LBA of each partition, in order. */
    private static List<long[]> place(LayoutSpec spec, List<LayoutSpec.PartitionSpec> parts, int sectorSize,
                                      long firstUsable, long lastUsable, long maxSectors) throws LayoutException, DoesNotFitException {
        long alignBytes = spec.alignment() == null ? DEFAULT_ALIGNMENT : Size.parse("alignment", spec.alignment());
        if (alignBytes <= 0 || alignBytes % sectorSize != 0) {
            throw new LayoutException("alignment: " + spec.alignment() + " is not a positive multiple of the " + sectorSize + "-byte sector");
        }
        long align = alignBytes / sectorSize;
        List<long[]> out = new ArrayList<>();
        long cursor = firstUsable;
        for (int i = 0; i < parts.size(); i++) {
            LayoutSpec.PartitionSpec p = parts.get(i);
            String where = "partitions[" + i + "]" + (p.label() == null ? "" : " '" + p.label() + "'");
            String size = require("partitions[" + i + "].size", p.size());
            long start = Sectors.ceilDiv(cursor, align) * align;
            long end;
            if (size.strip().equalsIgnoreCase("rest")) {
                if (i != parts.size() - 1) {
                    throw new LayoutException(where + ": size \"rest\" is only allowed for the last partition");
                }
                end = lastUsable - start + 1 > maxSectors ? start + maxSectors - 1 : lastUsable;
                if (end < start) {
                    throw new DoesNotFitException(where + ": no room left: it would start at LBA " + start
                            + ", after the last usable LBA " + lastUsable);
                }
            } else {
                long bytes = Size.parse("partitions[" + i + "].size", size);
                if (bytes <= 0) {
                    throw new LayoutException(where + ": size must be positive, found " + size);
                }
                long sectors = Sectors.ceilDiv(bytes, sectorSize);
                if (sectors > maxSectors) {
                    throw new DoesNotFitException(where + ": " + Size.human(bytes) + " is more than the " + maxSectors
                            + " sectors an MBR entry can hold");
                }
                end = start + sectors - 1;
                if (end > lastUsable) {
                    throw new DoesNotFitException(where + ": " + Size.human(bytes) + " at LBA " + start + " ends at LBA " + end
                            + ", past the last usable LBA " + lastUsable + "; " + Size.human(Math.multiplyExact(end - lastUsable, (long) sectorSize)) + " short");
                }
            }
            out.add(new long[] {start, end});
            cursor = end + 1;
        }
        return out;
    }

    private static List<LayoutSpec.PartitionSpec> partitions(LayoutSpec spec, int max) throws LayoutException {
        List<LayoutSpec.PartitionSpec> parts = spec.partitions() == null ? List.of() : spec.partitions();
        if (parts.size() > max) {
            throw new LayoutException("partitions: " + parts.size() + " given, a " + kind(spec).label() + " table here holds " + max);
        }
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            LayoutSpec.PartitionSpec p = parts.get(i);
            if (p == null) {
                throw new LayoutException("partitions[" + i + "]: expected an object, found null");
            }
            if (p.label() != null) {
                if (p.label().length() > GptConstants.NAME_CHARS || p.label().indexOf('\0') >= 0) {
                    throw new LayoutException("partitions[" + i + "].label: '" + p.label() + "' has " + p.label().length()
                            + " UTF-16 units; a GPT name holds at most " + GptConstants.NAME_CHARS + " and no NUL");
                }
                if (!labels.add(p.label())) {
                    throw new LayoutException("partitions[" + i + "].label: '" + p.label() + "' is used twice");
                }
            }
        }
        return parts;
    }

    private static long attributes(String where, LayoutSpec.PartitionSpec p) throws LayoutException {
        long mask = Boolean.TRUE.equals(p.bootable()) ? GptAttribute.LEGACY_BIOS_BOOTABLE.mask() : 0;
        for (String a : p.attributes() == null ? List.<String>of() : p.attributes()) {
            long bit = GptAttribute.parseMask(a == null ? "" : a).orElseThrow(() -> new LayoutException(where
                    + ".attributes: unknown attribute '" + a + "': expected a bit number 0-63 or one of "
                    + java.util.Arrays.stream(GptAttribute.values()).map(GptAttribute::alias).toList()));
            if ((bit & GptConstants.RESERVED_ATTRIBUTES) != 0) {
                throw new LayoutException(where + ".attributes: bit " + Long.numberOfTrailingZeros(bit) + " is reserved by UEFI (3-47)");
            }
            mask |= bit;
        }
        return mask;
    }

    private GuidSource guids(LayoutSpec spec) {
        return spec.seed() == null ? GuidSource.random(random) : GuidSource.seeded(spec.seed());
    }

    private static UUID guid(String field, String text) throws LayoutException {
        if (!text.matches("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
            throw new LayoutException(field + ": expected a GUID like 0fc63daf-8483-4772-8e79-3d69d8477de4, found '" + text + "'");
        }
        UUID u = UUID.fromString(text);
        if (u.equals(GptEntry.UNUSED_TYPE)) {
            throw new LayoutException(field + ": the all-zero GUID is not allowed");
        }
        return u;
    }

    private static long diskSignature(String text) throws LayoutException {
        String hex = text.strip().toLowerCase(java.util.Locale.ROOT).replaceFirst("^0x", "");
        if (!hex.matches("[0-9a-f]{1,8}")) {
            throw new LayoutException("id: an MBR disk signature is up to 8 hex digits like 0x1234abcd, found '" + text + "'");
        }
        return Long.parseLong(hex, 16);
    }

    private static void requireRoom(LayoutSpec spec, int sectorSize, long diskSectors) throws PartitionException {
        long wanted = diskBytes(spec, sectorSize) / sectorSize;
        if (diskSectors < wanted) {
            throw new DoesNotFitException("the layout's size " + spec.size() + " is " + wanted + " sectors of " + sectorSize
                    + " bytes; the disk has only " + diskSectors);
        }
    }

    private static void requireKind(LayoutSpec spec, TableKind expected) throws LayoutException {
        if (kind(spec) != expected) {
            throw new LayoutException("table: this layout is " + kind(spec).label() + ", not " + expected.label());
        }
    }

    private static String require(String field, String value) throws LayoutException {
        if (value == null) {
            throw new LayoutException(field + ": missing");
        }
        return value;
    }
}
