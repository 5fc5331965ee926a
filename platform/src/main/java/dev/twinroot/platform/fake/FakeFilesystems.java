package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.Filesystems;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Online ext4 growth on fake disks: the ext4 filesystem mounted (through {@link FakeMounts}) at the mount
 * point gets the new block count in its superblock, with the kernel's refusals: ENOTTY for anything but ext4,
 * EROFS for a read-only mount, EINVAL to shrink or for a superblock that is not ext4, ENOSPC past the end of
 * the device. Unlike the kernel it neither adds block groups nor trims a too-small last group: only the count
 * the caller reads back changes. Each grow is kept, for tests to inspect.
 */
public final class FakeFilesystems implements Filesystems {

    /** Superblock offsets (fs/ext4/ext4.h, struct ext4_super_block), from the superblock's start. */
    private static final int SUPERBLOCK = 1024;
    private static final int BLOCKS_COUNT_LO = 0x4;
    private static final int LOG_BLOCK_SIZE = 0x18;
    private static final int MAGIC = 0x38;
    private static final int FEATURE_INCOMPAT = 0x60;
    private static final int BLOCKS_COUNT_HI = 0x150;
    private static final int INCOMPAT_64BIT = 0x80;
    private static final int EXT4_MAGIC = 0xEF53;

    /** One call that changed a filesystem. */
    public record Growth(Path mountPoint, long blocksBefore, long blocksAfter) {
    }

    private final FakeBlockDevices devices;
    private final FakeMounts mounts;
    private final List<Growth> growths = new ArrayList<>();

    public FakeFilesystems(FakeBlockDevices devices, FakeMounts mounts) {
        this.devices = devices;
        this.mounts = mounts;
    }

    @Override
    public synchronized void growExt4(Path mountPoint, long blocks) throws IOException {
        String operation = "EXT4_IOC_RESIZE_FS " + blocks + " blocks";
        MountInfo mount = mounts.table().at(mountPoint)
                .orElseThrow(() -> PlatformException.of(Errno.ENOTTY, operation, mountPoint.toString()));
        if (!mount.fsType().equals("ext4") || !devices.contains(Path.of(mount.source()))) {
            throw PlatformException.of(Errno.ENOTTY, operation, mountPoint.toString());
        }
        if (mount.readOnly()) {
            throw PlatformException.of(Errno.EROFS, operation, mountPoint.toString());
        }
        try (BlockDevice device = devices.open(Path.of(mount.source()), BlockDevice.Access.READ_WRITE)) {
            ByteBuffer sb = ByteBuffer.allocate(SUPERBLOCK).order(ByteOrder.LITTLE_ENDIAN);
            device.channel().position(SUPERBLOCK);
            while (sb.hasRemaining() && device.channel().read(sb) > 0) {
                // fill
            }
            int log = sb.getInt(LOG_BLOCK_SIZE);
            if (sb.hasRemaining() || (sb.getShort(MAGIC) & 0xFFFF) != EXT4_MAGIC || log < 0 || log > 6) {
                throw PlatformException.of(Errno.EINVAL, operation, mountPoint.toString());
            }
            boolean wide = (sb.getInt(FEATURE_INCOMPAT) & INCOMPAT_64BIT) != 0;
            long before = Integer.toUnsignedLong(sb.getInt(BLOCKS_COUNT_LO))
                    | (wide ? Integer.toUnsignedLong(sb.getInt(BLOCKS_COUNT_HI)) << 32 : 0);
            long blockSize = 1024L << log;
            if (blocks < before || !wide && blocks > 0xFFFF_FFFFL) {
                throw PlatformException.of(Errno.EINVAL, operation, mountPoint.toString());
            }
            if (blocks > device.size() / blockSize) {
                throw PlatformException.of(Errno.ENOSPC, operation, mountPoint.toString());
            }
            if (blocks == before) {
                return;
            }
            sb.putInt(BLOCKS_COUNT_LO, (int) blocks);
            if (wide) {
                sb.putInt(BLOCKS_COUNT_HI, (int) (blocks >>> 32));
            }
            device.channel().position(SUPERBLOCK);
            sb.flip();
            while (sb.hasRemaining()) {
                device.channel().write(sb);
            }
            device.flush();
            growths.add(new Growth(mount.mountPoint(), before, blocks));
        }
    }

    /** Every grow that changed a filesystem, oldest first. */
    public synchronized List<Growth> growths() {
        return List.copyOf(growths);
    }
}
