package dev.twinroot.image.build;

import java.util.List;
import java.util.Map;

/**
 * {@code /etc/twinroot/system.json}: what the supervisor on the device needs to know about this image. A
 * stand-in with the agreed fields until the updater's own {@code SystemConfig} record exists; then the image
 * builder writes that one instead.
 *
 * @param slots slot name to GPT partition label, e.g. {@code A -> rootfs-a}
 * @param bootBackend {@code u-boot} or {@code grub}
 * @param bootMount where the rootfs init mounts the boot partition
 * @param keyring directory of trusted CA certificates
 * @param dataDir the persistent data partition's mount point
 */
record DeviceConfig(Map<String, String> slots, String bootBackend, String bootMount, String keyring,
                    String dataDir, String compatible, String version, List<String> supervisorJvmOptions) {

    static final String PATH = "etc/twinroot/system.json";
    static final String KEYRING = "/etc/twinroot/keyring";
    static final String BOOT_MOUNT = "/mnt/boot";
    static final String DATA_DIR = "/data";

    DeviceConfig {
        slots = Map.copyOf(slots);
        supervisorJvmOptions = List.copyOf(supervisorJvmOptions);
    }
}
