package dev.twinroot.partitioner;

import java.io.IOException;

/**
 * Root of the partitioner's checked exceptions. Callers that only report the problem catch this; callers
 * that act differently catch a subtype: {@link CorruptTableException} (repair may help),
 * {@link LayoutException} (fix the layout file), {@link DoesNotFitException} (use a larger disk or smaller
 * partitions), {@link UnsupportedTableException} (a valid table this tool will not touch).
 */
public abstract class PartitionException extends IOException {
    private static final long serialVersionUID = 1L;

    protected PartitionException(String message) {
        super(message);
    }

    protected PartitionException(String message, Throwable cause) {
        super(message, cause);
    }
}
