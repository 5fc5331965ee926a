package dev.twinroot.image;

import java.nio.file.Path;
import java.util.List;

/**
 * An assembled rootfs tree, ready to become a slot filesystem: its kernel at {@code /boot/Image}, its
 * initramfs at {@code /boot/initrd.img}, and which drivers the initramfs loads.
 *
 * @param initramfsModules modules the initramfs loads, in load order
 * @param absentDrivers optional drivers and soft dependencies this kernel does not have at all
 */
public record Rootfs(Path tree, String kernelVersion, Path kernel, Path initramfs,
                     List<String> initramfsModules, List<String> absentDrivers) {

    public Rootfs {
        initramfsModules = List.copyOf(initramfsModules);
        absentDrivers = List.copyOf(absentDrivers);
    }
}
