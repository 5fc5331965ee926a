package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A reproducible EROFS image ({@code mkfs.erofs} with a fixed UUID and the epoch as every file's time),
 * lz4hc-compressed. Reads faster than squashfs on small boards; U-Boot cannot read the kernel from it.
 */
public final class ErofsImage implements SlotFilesystem {
    private final UUID uuid;
    private final long epochSeconds;

    public ErofsImage(UUID uuid, long epochSeconds) {
        this.uuid = uuid;
        this.epochSeconds = epochSeconds;
    }

    @Override
    public void build(Path tree, Path image) throws IOException {
        TreeTimes.normalize(tree, epochSeconds);
        Files.deleteIfExists(image);
        Tools.MKFS_EROFS.run(List.of("-T" + epochSeconds, "-U" + uuid, "-zlz4hc", "--quiet",
                image.toString(), tree.toString()), Tools.FILESYSTEM_TIMEOUT).requireSuccess();
    }
}
