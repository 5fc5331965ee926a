package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns a rootfs tree into a read-only slot filesystem image, byte-identical when built again from the same
 * tree: {@link Ext4Image} (the default, which U-Boot can read the kernel from), {@link SquashfsImage} or
 * {@link ErofsImage}.
 */
public interface SlotFilesystem {

    /** Writes the filesystem holding {@code tree} to {@code image}, replacing it. File times are normalized first. */
    void build(Path tree, Path image) throws IOException;
}
