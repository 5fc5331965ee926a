package dev.twinroot.platform;

/**
 * A device number, {@code major:minor}, as in {@code /proc/self/mountinfo} and {@code /sys/dev/block}. It is
 * how a mounted filesystem is matched to the block device under it: names lie (/dev/root), numbers do not.
 */
public record DeviceNumber(int major, int minor) {

    public DeviceNumber {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("device number must not be negative, found " + major + ":" + minor);
        }
    }

    /** Decodes a {@code dev_t} the way glibc's {@code major()}/{@code minor()} do (12-bit major, 20-bit minor). */
    public static DeviceNumber fromDevT(long dev) {
        long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
        long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
        return new DeviceNumber((int) (major & 0xffffffffL), (int) (minor & 0xffffffffL));
    }

    @Override
    public String toString() {
        return major + ":" + minor;
    }
}
