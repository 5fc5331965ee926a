package dev.twinroot.image.flash;

/** Reading the target back gave other bytes than were written: a failing card, a fake-capacity stick. */
public final class VerifyFailedException extends FlashException {
    private static final long serialVersionUID = 1L;
    private final long firstDifferentOffset;

    public VerifyFailedException(String message, long firstDifferentOffset) {
        super(message);
        this.firstDifferentOffset = firstDifferentOffset;
    }

    /** The byte offset of the first chunk that read back differently, or -1 if no single chunk differed. */
    public long firstDifferentOffset() {
        return firstDifferentOffset;
    }
}
