package dev.twinroot.platform;

import dev.twinroot.platform.linux.LinuxPlatform;

/**
 * Everything Twinroot asks of the operating system, chosen in one place: {@link #linux()} on a device or a
 * build host, {@code dev.twinroot.platform.fake.FakePlatform} in tests.
 */
public record Platform(BlockDevices blockDevices, FileSync fileSync, Mounts mounts, Power power,
                       Watchdogs watchdogs, Filesystems filesystems) {

    /**
     * The real thing, through the C library. Fails with an IllegalStateException on anything but Linux on
     * x86-64 or aarch64: ioctl numbers, structure layouts and open(2) flags are checked for those two only.
     */
    public static Platform linux() {
        return LinuxPlatform.create();
    }
}
