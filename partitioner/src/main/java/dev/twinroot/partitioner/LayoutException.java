package dev.twinroot.partitioner;

/** A layout spec is malformed: unknown field, bad size, unknown type alias, duplicate label... */
public final class LayoutException extends PartitionException {
    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }

    public LayoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
