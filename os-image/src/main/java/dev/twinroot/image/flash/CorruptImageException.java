package dev.twinroot.image.flash;

/**
 * The image's compressed data is corrupt or truncated, or its name promises a compression its bytes do not
 * have. If it happens while writing, the target holds a partial image and must not be booted.
 */
public final class CorruptImageException extends FlashException {
    private static final long serialVersionUID = 1L;

    public CorruptImageException(String message) {
        super(message);
    }

    public CorruptImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
