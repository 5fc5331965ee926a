package dev.twinroot.image.build;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code twinroot image build} builds, as the config file (JSON or YAML) says it. Every field is optional;
 * an absent field takes the default documented in docs/cli/image.md, so {@code {}} is the built-in default image.
 * Paths are as written; {@link ImageConfigReader} resolves them against the config file's directory.
 *
 * @param machine {@code qemu-arm64} (GPT) or {@code raspberrypi4-64} (MBR)
 * @param rootfs where the slot's files come from
 * @param sizes partition sizes
 * @param bootloader {@code u-boot} or {@code grub}
 * @param slotFilesystem {@code ext4}, {@code squashfs} or {@code erofs}
 * @param slotB {@code empty} (slot B left unformatted until the first update) or {@code copy} (a copy of A)
 * @param keyring a directory of PEM CA certificates installed as the device keyring; absent: the dev CA
 * @param extraFiles device path (absolute) to host file, copied into the slot
 * @param supervisorJvmOptions options for the supervisor's JVM, e.g. {@code -Xmx96m}
 * @param modules kernel drivers kept in the slot (closure computed); absent: the built-in list
 * @param seed every UUID of the disk and its filesystems is derived from it
 * @param epoch SOURCE_DATE_EPOCH of everything generated
 * @param kernelArguments appended to the boot contract's kernel arguments
 * @param network {@code dhcp} (default: the first Ethernet interface asks DHCP for an address) or {@code none}
 * @param device supervisor settings added to {@code /etc/twinroot/system.json} ({@code health}, {@code updates},
 *               {@code watchdog}, {@code api}, {@code logs}, ...; see docs/config.md); the fields the builder
 *               derives from the rest of this config are refused here
 * @param containers whether the device can run application containers (default true): for a {@code debian}
 *                   rootfs the builder adds Debian's {@code runc} (8.4 MB with libseccomp2); a {@code directory}
 *                   or {@code tarball} rootfs brings its own runtime, and the build says when it has none
 * @param tlsCaCertificates PEM files of CA certificates the device's Java runtime trusts for HTTPS besides
 *                          Debian's (a private update server's CA)
 */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record ImageConfig(String machine, RootfsConfig rootfs, Sizes sizes, String bootloader, String slotFilesystem,
                          String slotB, String version, String compatible, String keyring, Map<String, String> extraFiles,
                          List<String> supervisorJvmOptions, List<String> modules, String seed, Long epoch,
                          String kernelArguments, String network, Map<String, Object> device,
                          Boolean containers, List<String> tlsCaCertificates) {

    static final List<String> MACHINES = List.of("qemu-arm64", "raspberrypi4-64");
    static final List<String> BOOTLOADERS = List.of("u-boot", "grub");
    static final List<String> SLOT_FILESYSTEMS = List.of("ext4", "squashfs", "erofs");
    static final List<String> SLOT_B = List.of("empty", "copy");
    static final List<String> NETWORKS = List.of("dhcp", "none");
    /** The system.json fields the builder writes itself, from the other config fields. */
    static final List<String> DERIVED_DEVICE_FIELDS =
            List.of("formatVersion", "compatible", "slots", "bootControl", "keyring", "dataDir", "osRelease");

    /**
     * @param type {@code debian} (default), {@code directory} or {@code tarball}
     * @param extraPackages for debian: packages added to the default set ({@code name} or {@code name=version})
     * @param path for directory and tarball
     */
    public record RootfsConfig(String type, List<String> extraPackages, String path) {
        public RootfsConfig {
            type = Optional.ofNullable(type).orElse("debian");
            extraPackages = List.copyOf(Optional.ofNullable(extraPackages).orElse(List.of()));
            check("rootfs.type", type, List.of("debian", "directory", "tarball"));
            if (!type.equals("debian") && (path == null || path.isBlank())) {
                throw new IllegalArgumentException("rootfs.path: required for rootfs.type " + type);
            }
            if (type.equals("debian") && path != null) {
                throw new IllegalArgumentException("rootfs.path: only for rootfs.type directory or tarball");
            }
            if (!type.equals("debian") && !extraPackages.isEmpty()) {
                throw new IllegalArgumentException("rootfs.extraPackages: only for rootfs.type debian");
            }
        }

        public Optional<String> pathOrEmpty() {
            return Optional.ofNullable(path);
        }
    }

    /** Partition sizes, whole MiB each. The slot size is also the size of slot.img and of every bundle's image. */
    public record Sizes(String boot, String slot, String data) {
        public Sizes {
            boot = Optional.ofNullable(boot).orElse("64MiB");
            slot = Optional.ofNullable(slot).orElse("640MiB");
            data = Optional.ofNullable(data).orElse("128MiB");
            ByteSize.parseMiB("sizes.boot", boot);
            ByteSize.parseMiB("sizes.slot", slot);
            ByteSize.parseMiB("sizes.data", data);
        }

        public long bootBytes() {
            return ByteSize.parseMiB("sizes.boot", boot);
        }

        public long slotBytes() {
            return ByteSize.parseMiB("sizes.slot", slot);
        }

        public long dataBytes() {
            return ByteSize.parseMiB("sizes.data", data);
        }
    }

    public ImageConfig {
        machine = Optional.ofNullable(machine).orElse("qemu-arm64");
        rootfs = Optional.ofNullable(rootfs).orElse(new RootfsConfig(null, null, null));
        sizes = Optional.ofNullable(sizes).orElse(new Sizes(null, null, null));
        bootloader = Optional.ofNullable(bootloader).orElse("u-boot");
        slotFilesystem = Optional.ofNullable(slotFilesystem).orElse("ext4");
        slotB = Optional.ofNullable(slotB).orElse("empty");
        version = Optional.ofNullable(version).orElse("1.0.0");
        compatible = Optional.ofNullable(compatible).orElse("twinroot-" + machine);
        extraFiles = new TreeMap<>(Optional.ofNullable(extraFiles).orElse(Map.of()));
        supervisorJvmOptions = List.copyOf(Optional.ofNullable(supervisorJvmOptions).orElse(List.of()));
        modules = modules == null ? null : List.copyOf(modules);
        seed = Optional.ofNullable(seed).orElse("twinroot-" + machine + "-" + version);
        epoch = Optional.ofNullable(epoch).orElse(1_767_225_600L);
        kernelArguments = Optional.ofNullable(kernelArguments)
                .orElse(machine.equals("raspberrypi4-64") ? "console=ttyS0,115200" : "console=ttyAMA0");
        check("machine", machine, MACHINES);
        check("bootloader", bootloader, BOOTLOADERS);
        check("slotFilesystem", slotFilesystem, SLOT_FILESYSTEMS);
        check("slotB", slotB, SLOT_B);
        network = Optional.ofNullable(network).orElse("dhcp");
        check("network", network, NETWORKS);
        device = new TreeMap<>(Optional.ofNullable(device).orElse(Map.of()));
        for (String field : device.keySet()) {
            if (DERIVED_DEVICE_FIELDS.contains(field)) {
                throw new IllegalArgumentException("device." + field + ": written by the image builder from the"
                        + " config's other fields; remove it (derived: " + String.join(", ", DERIVED_DEVICE_FIELDS) + ")");
            }
        }
        device = java.util.Collections.unmodifiableMap(device);
        containers = Optional.ofNullable(containers).orElse(Boolean.TRUE);
        tlsCaCertificates = List.copyOf(Optional.ofNullable(tlsCaCertificates).orElse(List.of()));
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch: must be >= 0, found " + epoch);
        }
        for (String target : extraFiles.keySet()) {
            if (!target.startsWith("/") || target.contains("/../") || target.endsWith("/..") || target.equals("/")) {
                throw new IllegalArgumentException("extraFiles: device path must be absolute without '..', found '" + target + "'");
            }
        }
        for (String option : supervisorJvmOptions) {
            if (!option.startsWith("-") || option.chars().anyMatch(c -> c <= ' ' || c == '"' || c == '\'')) {
                throw new IllegalArgumentException("supervisorJvmOptions: each option starts with '-' and has no"
                        + " spaces or quotes, found '" + option + "'");
            }
        }
        extraFiles = Map.copyOf(extraFiles);
    }

    /** The built-in default image: the same as an empty config file. */
    public static ImageConfig defaults() {
        return new ImageConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    /** This config with another build epoch (SOURCE_DATE_EPOCH from the environment wins over the file). */
    public ImageConfig withEpoch(long seconds) {
        return new ImageConfig(machine, rootfs, sizes, bootloader, slotFilesystem, slotB, version, compatible, keyring,
                extraFiles, supervisorJvmOptions, modules, seed, seconds, kernelArguments, network, device, containers,
                tlsCaCertificates);
    }

    public Optional<String> keyringOrEmpty() {
        return Optional.ofNullable(keyring);
    }

    public Optional<List<String>> modulesOrEmpty() {
        return Optional.ofNullable(modules);
    }

    private static void check(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(field + ": expected one of " + String.join(", ", allowed)
                    + ", found '" + value + "'");
        }
    }
}
