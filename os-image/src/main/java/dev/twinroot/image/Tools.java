package dev.twinroot.image;

import dev.twinroot.platform.ExternalTool;
import java.time.Duration;
import java.util.List;

/**
 * The host programs the image builder runs, and its timeouts. Each program is the one declared in {@link HostTools}
 * (the table behind {@code twinroot doctor}), so a tool and its package are named in one place; only {@code cp},
 * which every host has, is not in that table.
 */
final class Tools {
    static final ExternalTool MMDEBSTRAP = HostTools.MMDEBSTRAP;
    static final ExternalTool MKE2FS = HostTools.MKE2FS;
    static final ExternalTool DEBUGFS = HostTools.DEBUGFS;
    static final ExternalTool MKSQUASHFS = HostTools.MKSQUASHFS;
    static final ExternalTool MKFS_EROFS = HostTools.MKFS_EROFS;
    static final ExternalTool MKFS_VFAT = HostTools.MKFS_VFAT;
    static final ExternalTool MCOPY = HostTools.MCOPY;
    static final ExternalTool CP = new ExternalTool("cp", "coreutils");

    static final List<ExternalTool> ALL = List.of(MMDEBSTRAP, MKE2FS, DEBUGFS, MKSQUASHFS, MKFS_EROFS, MKFS_VFAT, MCOPY, CP);

    /** Filesystem tools on a rootfs of a few hundred MiB take seconds; this is far above, to catch a hang. */
    static final Duration FILESYSTEM_TIMEOUT = Duration.ofMinutes(10);
    /** Fetching a package set downloads a few hundred MiB the first time. */
    static final Duration FETCH_TIMEOUT = Duration.ofMinutes(30);

    private Tools() {
    }
}
