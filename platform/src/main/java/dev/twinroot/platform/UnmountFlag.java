package dev.twinroot.platform;

import java.util.Set;

/** Flags of umount2(2) ({@code MNT_*}, {@code UMOUNT_NOFOLLOW}). */
public enum UnmountFlag {
    /** MNT_FORCE: abort pending requests (network filesystems); most local filesystems ignore it. */
    FORCE(1),
    /** MNT_DETACH: detach now, clean up when the last user leaves; succeeds while the mount is busy. */
    DETACH(2),
    /** MNT_EXPIRE: mark for expiry; a second call unmounts if nothing used it meanwhile (EAGAIN the first time). */
    EXPIRE(4),
    /** UMOUNT_NOFOLLOW: do not follow a symbolic link at the target. */
    NOFOLLOW(8);

    private final int bit;

    UnmountFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }

    public static int bits(Set<UnmountFlag> flags) {
        int bits = 0;
        for (UnmountFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }
}
