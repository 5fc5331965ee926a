package dev.twinroot.image;

import dev.twinroot.platform.ExternalTool;
import java.time.Duration;
import java.util.List;

/** The host programs the image builder runs, each with the Debian package that provides it. */
final class Tools {
    static final ExternalTool MMDEBSTRAP = new ExternalTool("mmdebstrap", "mmdebstrap");
    static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    static final ExternalTool DEBUGFS = new ExternalTool("debugfs", "e2fsprogs");
    static final ExternalTool MKSQUASHFS = new ExternalTool("mksquashfs", "squashfs-tools");
    static final ExternalTool MKFS_EROFS = new ExternalTool("mkfs.erofs", "erofs-utils");
    static final ExternalTool MKFS_VFAT = new ExternalTool("mkfs.vfat", "dosfstools");
    static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    static final ExternalTool CP = new ExternalTool("cp", "coreutils");

    static final List<ExternalTool> ALL = List.of(MMDEBSTRAP, MKE2FS, DEBUGFS, MKSQUASHFS, MKFS_EROFS, MKFS_VFAT, MCOPY, CP);

    /** Filesystem tools on a rootfs of a few hundred MiB take seconds; this is far above, to catch a hang. */
    static final Duration FILESYSTEM_TIMEOUT = Duration.ofMinutes(10);
    /** Fetching a package set downloads a few hundred MiB the first time. */
    static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);

    private Tools() {
    }
}
