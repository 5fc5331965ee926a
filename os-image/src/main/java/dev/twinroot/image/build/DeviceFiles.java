package dev.twinroot.image.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.image.ImageException;
import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.MbrPartitionUuids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the image builder adds to the slot for the device side of Twinroot: {@code /etc/twinroot/system.json},
 * the keyring, {@code /etc/twinroot/version}, the supervisor jar with its libraries (JNA's native part taken out of
 * its jar: {@link JnaNativeLibrary}) and its JVM options, and the config's extra
 * files. Every path is written below the tree through {@link #inside}, never followed out of it.
 */
final class DeviceFiles {
    static final String SUPERVISOR_DIR = "usr/lib/twinroot";
    /** The supervisor jar; its libraries go to {@code lib/} beside it, as its manifest's Class-Path names them. */
    static final String SUPERVISOR_JAR = SUPERVISOR_DIR + "/twinroot-supervisor.jar";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ImageConfig config;
    private final DevKeys keys;

    DeviceFiles(ImageConfig config, DevKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /**
     * Writes the files into {@code tree}; returns {@code included} (with what went with it) or why the supervisor
     * is not in the image. {@code scratch} is a directory for the class-list training ({@link SupervisorClassList}).
     */
    String install(Path tree, Optional<Path> supervisorJar, Path scratch) throws IOException {
        write(tree, DeviceConfig.PATH, systemJson(config));
        write(tree, "etc/twinroot/network", config.network() + "\n");
        write(tree, "etc/twinroot/version", config.version() + "\n");
        write(tree, DeviceConfig.OS_RELEASE.substring(1), osRelease(config));
        write(tree, "etc/twinroot/supervisor.jvm-options", String.join("\n", config.supervisorJvmOptions())
                + (config.supervisorJvmOptions().isEmpty() ? "" : "\n"));
        Path keyring = inside(tree, DeviceConfig.KEYRING.substring(1));
        Files.createDirectories(keyring);
        for (Path cert : keyringCertificates()) {
            Files.copy(cert, keyring.resolve(cert.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        for (Map.Entry<String, String> file : new TreeMap<>(config.extraFiles()).entrySet()) {
            Path target = inside(tree, file.getKey().substring(1));
            Files.createDirectories(target.getParent());
            Files.copy(Path.of(file.getValue()), target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (supervisorJar.isEmpty()) {
            return "missing: no supervisor jar given (build it with mvn -pl supervisor -am package)";
        }
        if (!Files.isRegularFile(supervisorJar.get())) {
            return "missing: " + supervisorJar.get() + " does not exist (build it with mvn -pl supervisor -am package)";
        }
        SupervisorJar supervisor = SupervisorJar.open(supervisorJar.get());
        Path jar = inside(tree, SUPERVISOR_JAR);
        Files.createDirectories(jar.getParent());
        Files.copy(supervisor.jar(), jar, StandardCopyOption.REPLACE_EXISTING);
        for (String library : supervisor.libraries()) {
            Path target = inside(tree, SUPERVISOR_DIR + "/" + library);
            Files.createDirectories(target.getParent());
            Path source = supervisor.jar().resolveSibling(library);
            if (UnsignedJar.isSigned(source)) {
                UnsignedJar.copy(source, target);
            } else {
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        JnaNativeLibrary.install(tree, supervisor.jar(), supervisor.libraries());
        // Names the device's class-data archive of these classes (class-data name): an archive is only ever used
        // with the jars it was made from.
        Files.writeString(inside(tree, SUPERVISOR_JAR + ".sha256"), supervisor.sha256() + "\n",
                StandardCharsets.US_ASCII);
        Optional<String> classList = SupervisorClassList.train(supervisor.jar(), scratch);
        if (classList.isEmpty()) {
            return "included (no class list: the jar has no " + SupervisorClassList.TRAINING + ")";
        }
        write(tree, SupervisorClassList.PATH, classList.get());
        return "included, with the class list of twinrootctl and installs ("
                + classList.get().lines().filter(l -> !l.startsWith("#")).count() + " classes)";
    }

    /** {@code system.json}: the fields derived from the config, then the config's {@code device} settings. */
    static String systemJson(ImageConfig config) throws IOException {
        ObjectNode system = JSON.valueToTree(deviceConfig(config));
        config.device().forEach((field, value) -> system.set(field, JSON.valueToTree(value)));
        return ImageBuilder.json(system);
    }

    /**
     * Slots by GPT partition name; on an MBR disk, which has no names, by the kernel's PARTUUID: the disk signature
     * the layout derives from the seed and the partition number. A card keeps that signature when it is copied
     * with {@code dd}/{@code bmaptool}; a tool that rewrites the MBR's signature leaves the updater without slots.
     */
    static DeviceConfig deviceConfig(ImageConfig config) throws IOException {
        Map<String, Map<String, String>> slots = new TreeMap<>();
        boolean mbr = DiskLayout.partitionTable(config) == PartitionTable.MBR;
        long signature = mbr ? DiskLayout.mbrSignature(config) : 0;
        for (Slot slot : Slot.values()) {
            slots.put(slot.name(), mbr
                    ? Map.of("partuuid", MbrPartitionUuids.partUuid((int) signature, slot.partition().number()))
                    : Map.of("partlabel", slot.partition().label()));
        }
        return new DeviceConfig(1, config.compatible(), slots,
                new DeviceConfig.BootControl(config.bootloader(), DeviceConfig.BOOT_MOUNT),
                DeviceConfig.KEYRING, DeviceConfig.DATA_DIR, DeviceConfig.OS_RELEASE);
    }

    static String osRelease(ImageConfig config) {
        return "IMAGE_ID=" + config.compatible() + "\nIMAGE_VERSION=" + config.version() + "\n";
    }

    private List<Path> keyringCertificates() throws IOException {
        if (config.keyringOrEmpty().isEmpty()) {
            keys.signingKey();
            return List.of(keys.caCertificate());
        }
        Path dir = Path.of(config.keyringOrEmpty().get());
        List<Path> certs = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> pems = Files.newDirectoryStream(dir, "*.pem")) {
                pems.forEach(certs::add);
            }
        } else if (Files.isRegularFile(dir)) {
            certs.add(dir);
        }
        if (certs.isEmpty()) {
            throw new ImageConfigException("keyring: " + dir + " is neither a .pem file nor a directory holding .pem files");
        }
        certs.sort(null);
        return certs;
    }

    private static void write(Path tree, String path, String text) throws IOException {
        Path target = inside(tree, path);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text);
    }

    /**
     * {@code relative} under {@code tree}, refusing a symlink anywhere on the way: the tree is a foreign
     * rootfs whose absolute links point into the build host.
     */
    static Path inside(Path tree, String relative) throws ImageException {
        Path p = tree;
        for (Path part : Path.of(relative)) {
            if (part.toString().equals("..") || part.toString().equals(".")) {
                throw new ImageException("device path /" + relative + " has a '.' or '..' component");
            }
            p = p.resolve(part);
            if (Files.isSymbolicLink(p)) {
                throw new ImageException("device path /" + relative + " goes through the symlink /"
                        + tree.relativize(p) + " of the rootfs; give the path without links");
            }
        }
        return p;
    }
}
