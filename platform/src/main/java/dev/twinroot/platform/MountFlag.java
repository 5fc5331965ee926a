package dev.twinroot.platform;

import java.util.Set;

/** Flags of mount(2) ({@code MS_*} in {@code linux/mount.h}; the same values on every architecture). */
public enum MountFlag {
    RDONLY(1L),
    NOSUID(1L << 1),
    NODEV(1L << 2),
    NOEXEC(1L << 3),
    SYNCHRONOUS(1L << 4),
    REMOUNT(1L << 5),
    DIRSYNC(1L << 7),
    NOATIME(1L << 10),
    NODIRATIME(1L << 11),
    BIND(1L << 12),
    MOVE(1L << 13),
    REC(1L << 14),
    SILENT(1L << 15),
    PRIVATE(1L << 18),
    SLAVE(1L << 19),
    SHARED(1L << 20),
    RELATIME(1L << 21),
    STRICTATIME(1L << 24),
    LAZYTIME(1L << 25);

    private final long bit;

    MountFlag(long bit) {
        this.bit = bit;
    }

    public long bit() {
        return bit;
    }

    public static long bits(Set<MountFlag> flags) {
        long bits = 0;
        for (MountFlag flag : flags) {
            bits |= flag.bit;
        }
        return bits;
    }
}
