package dev.twinroot.platform.linux;

import com.sun.jna.Memory;

/**
 * The BLKPG argument, laid out by hand as on LP64 Linux (x86-64 and aarch64 agree):
 * <pre>
 * struct blkpg_ioctl_arg {            struct blkpg_partition {
 *     int op;           // 0              long long start;   // 0, bytes
 *     int flags;        // 4              long long length;  // 8, bytes
 *     int datalen;      // 8              int pno;           // 16
 *     void *data;       // 16             char devname[64];  // 20, ignored
 * };                    // 24 bytes        char volname[64];  // 84, ignored
 *                                      };                    // 152 bytes (148 padded to 8)
 * </pre>
 */
final class Blkpg {

    static final int ADD_PARTITION = 1;
    static final int DEL_PARTITION = 2;
    static final int RESIZE_PARTITION = 3;

    static final int ARG_SIZE = 24;
    static final int PARTITION_SIZE = 152;

    /** Both structures; {@link #arg()} points at the partition, so keep this object alive across the call. */
    private final Memory arg;
    private final Memory partition;

    Blkpg(int op, int number, long start, long length) {
        partition = new Memory(PARTITION_SIZE);
        partition.clear();
        partition.setLong(0, start);
        partition.setLong(8, length);
        partition.setInt(16, number);
        arg = new Memory(ARG_SIZE);
        arg.clear();
        arg.setInt(0, op);
        arg.setInt(4, 0);
        arg.setInt(8, PARTITION_SIZE);
        arg.setPointer(16, partition);
    }

    Memory arg() {
        return arg;
    }

    static String describe(int op) {
        return switch (op) {
            case ADD_PARTITION -> "BLKPG add partition";
            case DEL_PARTITION -> "BLKPG delete partition";
            case RESIZE_PARTITION -> "BLKPG resize partition";
            default -> "BLKPG op " + op;
        };
    }
}
