package dev.twinroot.partitioner.layout;

import java.util.List;
import java.util.Optional;

/**
 * A disk layout as written in a layout file (JSON). Sizes are strings ("64MiB", "2GiB", "1048576") or
 * plain numbers of bytes; {@code "rest"} as the last partition's size takes what is left. Optional fields
 * are null when absent, as Jackson leaves them; {@link LayoutPlanner} checks everything.
 *
 * @param table      "gpt" or "mbr" ("dos" is accepted as a synonym)
 * @param size       the whole disk
 * @param alignment  partition starts are multiples of this (default 1MiB)
 * @param id         GPT disk GUID, or MBR disk signature as 8 hex digits ("0x1234abcd")
 * @param seed       derive every GUID (and the MBR signature) from this string, for reproducible images
 * @param entries    GPT partition entry slots (default 128)
 */
public record LayoutSpec(String table, String size, String alignment, String id, String seed, Integer entries,
                         List<PartitionSpec> partitions) {

    /** One partition: number = position in the list, from 1. */
    public record PartitionSpec(String label, String type, String size, String guid, List<String> attributes, Boolean bootable) {

        public Optional<String> labelOrEmpty() {
            return Optional.ofNullable(label);
        }
    }
}
