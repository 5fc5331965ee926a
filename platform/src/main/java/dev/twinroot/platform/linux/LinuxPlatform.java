package dev.twinroot.platform.linux;

import dev.twinroot.platform.Platform;

import java.nio.file.Path;

/**
 * Builds the Linux {@link Platform}. The only public type of this package; it touches no JNA itself, so
 * loading it on an unsupported system fails with a clear message instead of an UnsatisfiedLinkError.
 */
public final class LinuxPlatform {

    private LinuxPlatform() {
    }

    public static Platform create() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.equals("Linux")) {
            throw new IllegalStateException("the Linux platform needs Linux, this is " + os);
        }
        IoctlEncoding encoding = IoctlEncoding.forArch(arch).orElseThrow(() -> new IllegalStateException(
                "ioctl numbers and structure layouts are checked for x86-64 and aarch64 only, this is " + arch));
        Ioctls ioctls = Ioctls.of(encoding);
        return new Platform(
                new LinuxBlockDevices(ioctls, Path.of("/sys/dev/block")),
                new LinuxFileSync(),
                new LinuxMounts(Path.of("/proc/self/mountinfo")),
                new LinuxPower(),
                new LinuxWatchdogs(ioctls),
                new LinuxFilesystems(ioctls));
    }
}
