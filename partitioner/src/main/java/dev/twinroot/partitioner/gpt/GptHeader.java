package dev.twinroot.partitioner.gpt;

import java.util.UUID;

/**
 * A GPT header, field for field, as found on disk: nothing here is checked ({@link GptValidator} does that),
 * so any sector decodes. Unsigned 32-bit fields are held in longs.
 */
public record GptHeader(
        long signature,
        int revision,
        long headerSize,
        int headerCrc32,
        int reserved,
        long myLba,
        long alternateLba,
        long firstUsableLba,
        long lastUsableLba,
        UUID diskGuid,
        long entriesLba,
        long entryCount,
        long entrySize,
        int entriesCrc32) {

    /** The entry array's size in bytes; may exceed an int for a hostile header, hence long. */
    public long entryArrayBytes() {
        return entryCount * entrySize;
    }
}
