package dev.twinroot.partitioner.gpt;

import java.util.UUID;

/** One partition entry. An entry whose type GUID is all zeros is unused. */
public record GptEntry(UUID typeGuid, UUID uniqueGuid, long firstLba, long lastLba, long attributes, String name) {

    public static final UUID UNUSED_TYPE = new UUID(0, 0);
    public static final GptEntry UNUSED = new GptEntry(UNUSED_TYPE, UNUSED_TYPE, 0, 0, 0, "");

    public GptEntry {
        if (name.length() > GptConstants.NAME_CHARS) {
            throw new IllegalArgumentException("a GPT partition name holds " + GptConstants.NAME_CHARS
                    + " UTF-16 code units, found " + name.length() + " in '" + name + "'");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a GPT partition name ends at its first NUL; found one inside '" + name + "'");
        }
    }

    public boolean isUsed() {
        return !typeGuid.equals(UNUSED_TYPE);
    }

    /** Sectors covered; 0 or less if the entry is malformed (first after last). */
    public long sectors() {
        return lastLba - firstLba + 1;
    }

    public boolean hasAttribute(GptAttribute attribute) {
        return (attributes & attribute.mask()) != 0;
    }

    public GptEntry withLastLba(long last) {
        return new GptEntry(typeGuid, uniqueGuid, firstLba, last, attributes, name);
    }
}
