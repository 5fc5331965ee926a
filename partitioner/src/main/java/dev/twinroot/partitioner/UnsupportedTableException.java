package dev.twinroot.partitioner;

/**
 * A table that may well be valid but that this tool does not handle: an MBR with extended (logical)
 * partitions, a GPT revision other than 1.0, or a request that makes no sense for the table at hand.
 */
public final class UnsupportedTableException extends PartitionException {
    private static final long serialVersionUID = 1L;

    public UnsupportedTableException(String message) {
        super(message);
    }
}
