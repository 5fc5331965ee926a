package dev.twinroot.partitioner;

import java.util.Locale;

/** The two partition table formats: GUID Partition Table and the DOS (MBR) table. */
public enum TableKind {
    GPT("gpt"),
    DOS("dos");

    private final String label;

    TableKind(String label) {
        this.label = label;
    }

    /** The name sfdisk uses ("gpt", "dos"). */
    public String label() {
        return label;
    }

    /** "gpt", or "mbr"/"dos" for the DOS table. */
    public static TableKind parse(String text) throws LayoutException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "gpt" -> GPT;
            case "mbr", "dos", "msdos" -> DOS;
            default -> throw new LayoutException("table: expected \"gpt\" or \"mbr\", found '" + text + "'");
        };
    }
}
