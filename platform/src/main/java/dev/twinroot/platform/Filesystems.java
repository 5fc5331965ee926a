package dev.twinroot.platform;

import java.io.IOException;
import java.nio.file.Path;

/** Changes to a mounted filesystem that only its kernel driver can make. */
public interface Filesystems {

    /**
     * EXT4_IOC_RESIZE_FS: grows the ext4 filesystem mounted at {@code mountPoint}, while it stays mounted and
     * in use, to {@code blocks} blocks of its own block size. The kernel may stop short of {@code blocks} when
     * the last block group would be too small to hold its own metadata; equal to the current count does
     * nothing. Fails with EINVAL for fewer blocks than now (ext4 cannot shrink online), ENOTTY where the
     * filesystem is not ext4, EROFS for a read-only mount, EPERM without CAP_SYS_RESOURCE.
     */
    void growExt4(Path mountPoint, long blocks) throws IOException;
}
