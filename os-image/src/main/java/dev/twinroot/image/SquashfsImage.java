package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A reproducible squashfs image ({@code mksquashfs -reproducible} with the epoch as filesystem and file time).
 * Compressed, so smaller than ext4 but worse for block deltas; U-Boot cannot read the kernel from it.
 */
public final class SquashfsImage implements SlotFilesystem {
    private final long epochSeconds;

    public SquashfsImage(long epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    @Override
    public void build(Path tree, Path image) throws IOException {
        TreeTimes.normalize(tree, epochSeconds);
        Files.deleteIfExists(image);
        String epoch = Long.toString(epochSeconds);
        Tools.MKSQUASHFS.run(List.of(tree.toString(), image.toString(), "-noappend", "-reproducible",
                "-mkfs-time", epoch, "-all-time", epoch, "-comp", "xz", "-quiet", "-no-progress"),
                Tools.FILESYSTEM_TIMEOUT).requireSuccess();
    }
}
