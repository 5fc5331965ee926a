package dev.twinroot.supervisor.grow;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * What the grower did at the start of this boot, kept in {@code DATADIR/twinroot/data-growth.json} and shown by
 * {@code twinrootctl status}. Sizes are the data filesystem's, in bytes, as {@code dumpe2fs} counts them (block
 * count times block size; {@code df} shows less: it leaves out the filesystem's own metadata).
 *
 * @param result    {@code grown}, {@code full-size}, {@code failed} or {@code off} ({@code data.grow} is false)
 * @param partition the data partition's device, when it was found
 * @param detail    for people: what was done, or why nothing could be
 * @param diskBytes      the size of the disk holding the partition, when it was read
 * @param partitionBytes the partition's size as the kernel has it at the end, when it was read
 */
public record DataGrowth(
        @JsonProperty("result") String result,
        @JsonProperty("at") Instant at,
        @JsonProperty("partition") Optional<String> partition,
        @JsonProperty("bytesBefore") Optional<Long> bytesBefore,
        @JsonProperty("bytesAfter") Optional<Long> bytesAfter,
        @JsonProperty("detail") String detail,
        @JsonProperty("diskBytes") Optional<Long> diskBytes,
        @JsonProperty("partitionBytes") Optional<Long> partitionBytes) {

    public static final String GROWN = "grown";
    public static final String FULL_SIZE = "full-size";
    public static final String FAILED = "failed";
    public static final String OFF = "off";

    public DataGrowth {
        partition = partition == null ? Optional.empty() : partition;
        bytesBefore = bytesBefore == null ? Optional.empty() : bytesBefore;
        bytesAfter = bytesAfter == null ? Optional.empty() : bytesAfter;
        detail = detail == null ? "" : detail;
        diskBytes = diskBytes == null ? Optional.empty() : diskBytes;
        partitionBytes = partitionBytes == null ? Optional.empty() : partitionBytes;
    }

    /** Without the disk's and the partition's sizes. */
    public DataGrowth(String result, Instant at, Optional<String> partition, Optional<Long> bytesBefore,
                      Optional<Long> bytesAfter, String detail) {
        this(result, at, partition, bytesBefore, bytesAfter, detail, Optional.empty(), Optional.empty());
    }

    static DataGrowth failed(Instant at, Optional<String> partition, String why) {
        return new DataGrowth(FAILED, at, partition, Optional.empty(), Optional.empty(), why);
    }

    /** One line: {@code grown from 268435456 to 536870912 bytes (/dev/vda3)}, {@code already full size (...)}. */
    public String summary() {
        String where = partition.map(p -> " (" + p + ")").orElse("");
        return switch (result) {
            case GROWN -> "grown from " + bytesBefore.orElse(0L) + " to " + bytesAfter.orElse(0L) + " bytes" + where;
            case FULL_SIZE -> "already full size, " + bytesAfter.orElse(0L) + " bytes" + where;
            case OFF -> "not grown: data.grow is false";
            default -> "growing failed" + where + ": " + detail;
        };
    }
}
