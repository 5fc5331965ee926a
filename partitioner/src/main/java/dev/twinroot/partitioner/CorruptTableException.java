package dev.twinroot.partitioner;

/** The bytes on the disk are not a valid partition table (or no copy of it is intact). */
public final class CorruptTableException extends PartitionException {
    private static final long serialVersionUID = 1L;

    public CorruptTableException(String message) {
        super(message);
    }

    public CorruptTableException(String message, Throwable cause) {
        super(message, cause);
    }
}
