package dev.twinroot.image;

/** A kernel module the image needs is neither a loadable module nor built into the kernel. */
public final class ModuleNotFoundException extends ImageException {
    private static final long serialVersionUID = 1L;

    public ModuleNotFoundException(String message) {
        super(message);
    }
}
