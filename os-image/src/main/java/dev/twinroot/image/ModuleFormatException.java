package dev.twinroot.image;

/** A kernel module file is not what it claims: not ELF, truncated, or without a readable {@code .modinfo}. */
public final class ModuleFormatException extends ImageException {
    private static final long serialVersionUID = 1L;

    public ModuleFormatException(String message) {
        super(message);
    }

    public ModuleFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
