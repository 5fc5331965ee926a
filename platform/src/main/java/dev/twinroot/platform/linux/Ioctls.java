package dev.twinroot.platform.linux;

/**
 * The request numbers Twinroot uses, computed from the kernel's macros for one architecture's encoding.
 * Some are historically "wrong" and kept that way by the kernel for compatibility: BLKSSZGET, BLKRRPART, BLKPG
 * and BLKDISCARD are {@code _IO} although they pass pointers, and BLKGETSIZE64 says {@code size_t} (8 bytes
 * on 64-bit) in {@code linux/fs.h}. The numbers below follow the headers, not the meaning. EXT4_IOC_RESIZE_FS
 * is {@code _IOW('f', 16, __u64)} in {@code fs/ext4/ext4.h} (the kernel does not export it as a uapi header).
 */
record Ioctls(long blkGetSize64, long blkSszGet, long blkRrPart, long blkPg, long blkDiscard,
              long wdiocGetSupport, long wdiocGetTimeout, long wdiocSetTimeout, long wdiocKeepAlive,
              long ext4ResizeFs) {

    private static final int BLOCK = 0x12;
    private static final int WATCHDOG = 'W';
    private static final int EXT4 = 'f';
    private static final int U64 = 8;
    private static final int SIZE_T = 8;
    private static final int INT = 4;

    static Ioctls of(IoctlEncoding e) {
        return new Ioctls(
                e.ior(BLOCK, 114, SIZE_T),
                e.io(BLOCK, 104),
                e.io(BLOCK, 95),
                e.io(BLOCK, 105),
                e.io(BLOCK, 119),
                e.ior(WATCHDOG, 0, WatchdogInfoLayout.SIZE),
                e.ior(WATCHDOG, 7, INT),
                e.iowr(WATCHDOG, 6, INT),
                e.ior(WATCHDOG, 5, INT),
                e.iow(EXT4, 16, U64));
    }
}
