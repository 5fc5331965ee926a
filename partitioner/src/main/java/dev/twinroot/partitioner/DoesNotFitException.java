package dev.twinroot.partitioner;

/** Partitions do not fit on the disk, or an operation would need more room than there is. */
public final class DoesNotFitException extends PartitionException {
    private static final long serialVersionUID = 1L;

    public DoesNotFitException(String message) {
        super(message);
    }
}
