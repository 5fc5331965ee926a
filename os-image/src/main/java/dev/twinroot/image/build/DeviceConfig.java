package dev.twinroot.image.build;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /etc/twinroot/system.json} as the image writes it: the device's one configuration file, read by the
 * updater ({@code compatible}, {@code slots}, {@code bootControl}, {@code keyring}, {@code dataDir}; see
 * docs/config-updater.md) and by the supervisor (which takes every other field's default; see docs/config.md).
 * Field names and order are the JSON's.
 *
 * @param slots slot name to its location, e.g. {@code A -> {"partlabel": "rootfs-a"}}
 * @param bootControl the boot-state backend and where the rootfs init mounts the boot partition
 * @param osRelease the file holding {@code IMAGE_VERSION}, the version the supervisor reports
 */
record DeviceConfig(int formatVersion, String compatible, Map<String, Map<String, String>> slots,
                    BootControl bootControl, String keyring, String dataDir, String osRelease) {

    static final String PATH = "etc/twinroot/system.json";
    static final String KEYRING = "/etc/twinroot/keyring";
    static final String BOOT_MOUNT = "/mnt/boot";
    static final String DATA_DIR = "/data";
    static final String OS_RELEASE = "/etc/twinroot/os-release";

    DeviceConfig {
        // Sorted, not Map.copyOf: an immutable map's iteration order changes from one JVM run to the next, and
        // system.json must come out byte for byte the same on every build.
        slots = Collections.unmodifiableMap(new TreeMap<>(slots));
    }

    /** @param backend {@code u-boot} or {@code grub}, as the updater names them */
    record BootControl(String backend, String path) {
    }
}
