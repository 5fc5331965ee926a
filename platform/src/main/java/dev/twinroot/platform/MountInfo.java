package dev.twinroot.platform;

import java.nio.file.Path;
import java.util.List;

/**
 * One line of {@code /proc/self/mountinfo} (proc(5)), with the kernel's octal escapes ({@code \040} for a
 * space) already decoded.
 *
 * @param root          the directory of the filesystem mounted here ({@code /} unless a bind mount of a subtree)
 * @param mountOptions  per-mount options ({@code ro}, {@code nosuid}, {@code relatime}...)
 * @param optionalFields propagation tags ({@code shared:1}, {@code master:2}...)
 * @param source        what was mounted ({@code /dev/vda2}, {@code tmpfs}, {@code none})
 * @param superOptions  per-filesystem options ({@code errors=remount-ro}...)
 */
public record MountInfo(int mountId, int parentId, DeviceNumber device, String root, Path mountPoint,
                        List<String> mountOptions, List<String> optionalFields, String fsType, String source,
                        List<String> superOptions) {

    public MountInfo {
        mountOptions = List.copyOf(mountOptions);
        optionalFields = List.copyOf(optionalFields);
        superOptions = List.copyOf(superOptions);
    }

    public boolean readOnly() {
        return mountOptions.contains("ro");
    }
}
