package dev.twinroot.yocto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.image.build.ImageLayout;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The files of meta-twinroot that are generated from the project's Java definitions rather than written by
 * hand: the wic layouts, the boot scripts, the initial boot state, fstab, the system.json and os-release
 * templates, and the initramfs {@code /init}. {@link #write} regenerates them; {@link #drift} lists the
 * committed files that differ, which the layer checker reports.
 */
final class DerivedFiles {
    static final String BOOT_RECIPE_FILES = "recipes-bsp/twinroot-boot/files/";
    static final String CONFIG_RECIPE_FILES = "recipes-twinroot/twinroot-config/files/";
    static final String FSTAB = "recipes-core/base-files/files/fstab";
    static final String INITRAMFS_INIT = "recipes-core/twinroot-initramfs-init/files/init";
    /** os-image's initramfs /init, on the classpath through the os-image jar. */
    static final String INITRAMFS_INIT_RESOURCE = "dev/twinroot/image/initramfs-init.sh";
    private static final ObjectMapper JSON = new ObjectMapper();

    private DerivedFiles() {
    }

    static String wks(LayerMachine machine) {
        return "wic/twinroot-" + machine.yoctoName() + ".wks.in";
    }

    static String bootScript(LayerMachine machine) {
        return BOOT_RECIPE_FILES + machine.yoctoName() + "/boot.cmd";
    }

    static String bootState(int copy) {
        return BOOT_RECIPE_FILES + BootContract.STATE_FILES.get(copy - 1);
    }

    static String systemJson(LayerMachine machine) {
        return CONFIG_RECIPE_FILES + machine.yoctoName() + "/system.json.in";
    }

    static String osRelease() {
        return CONFIG_RECIPE_FILES + "os-release.in";
    }

    /** Layer-relative path to the exact bytes it must hold, in a stable order. */
    static Map<String, byte[]> expected() throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        for (LayerMachine machine : LayerMachine.values()) {
            files.put(wks(machine), utf8(Wks.render(machine, ImageLayout.partitionTable(machine.imageConfig()))));
            files.put(bootScript(machine), utf8(ImageLayout.bootScript(machine.imageConfig()).source()));
            files.put(systemJson(machine), utf8(systemJsonTemplate(machine)));
        }
        List<byte[]> copies = RedundantBootState.initialCopies(BootState.defaults());
        for (int copy = 1; copy <= copies.size(); copy++) {
            files.put(bootState(copy), copies.get(copy - 1));
        }
        files.put(FSTAB, utf8(Fstab.render()));
        // One os-release template serves every machine: they differ only in what the recipe substitutes.
        files.put(osRelease(), utf8(ImageLayout.osRelease(LayerMachine.QEMUARM64.templateConfig())));
        files.put(INITRAMFS_INIT, initramfsInit());
        return files;
    }

    /**
     * The machine's system.json as {@code twinroot image build} writes it, with placeholders for what the recipe
     * fills in: the compatible string, and on an MBR disk the disk identifier half of each slot's PARTUUID (the
     * image builder's own signature is replaced, the partition numbers stay as the image builder gives them).
     */
    static String systemJsonTemplate(LayerMachine machine) throws IOException {
        String json = ImageLayout.systemJson(machine.templateConfig());
        Optional<String> signature = LayerMachine.hex(ImageLayout.mbrDiskSignature(machine.templateConfig()));
        if (signature.isEmpty()) {
            return json;
        }
        ObjectNode tree = (ObjectNode) JSON.readTree(json);
        for (JsonNode slot : tree.path("slots")) {
            String partUuid = slot.path("partuuid").asText();
            if (!partUuid.startsWith(signature.get() + "-")) {
                throw new IOException("system.json of " + machine.yoctoName() + ": slot partuuid \"" + partUuid
                        + "\" does not start with the layout's disk signature " + signature.get());
            }
            ((ObjectNode) slot).put("partuuid", LayerMachine.MBR_DISKID_PLACEHOLDER
                    + partUuid.substring(signature.get().length()));
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree) + (json.endsWith("\n") ? "\n" : "");
    }

    /** Writes every derived file under {@code layer}; returns the paths it changed. */
    static List<String> write(Path layer) throws IOException {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : expected().entrySet()) {
            Path target = layer.resolve(file.getKey());
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), file.getValue())) {
                Files.createDirectories(target.getParent());
                Files.write(target, file.getValue());
                changed.add(file.getKey());
            }
        }
        return changed;
    }

    /** A finding for every derived file that is missing or differs from what the Java definitions give. */
    static List<Finding> drift(Path layer) throws IOException {
        List<Finding> findings = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : expected().entrySet()) {
            Path target = layer.resolve(file.getKey());
            if (!Files.isRegularFile(target)) {
                findings.add(new Finding(file.getKey(), 0, "derived-missing", "the generated file is missing"
                        + " (regenerate it, see docs/yocto.md)"));
                continue;
            }
            byte[] actual = Files.readAllBytes(target);
            if (!Arrays.equals(actual, file.getValue())) {
                findings.add(new Finding(file.getKey(), firstDifferentLine(actual, file.getValue()), "derived-drift",
                        "differs from what the Java layout and boot contract generate (expected " + file.getValue().length
                                + " bytes, found " + actual.length + "); regenerate it, see docs/yocto.md"));
            }
        }
        return findings;
    }

    private static int firstDifferentLine(byte[] a, byte[] b) {
        int line = 1;
        for (int i = 0; i < Math.min(a.length, b.length); i++) {
            if (a[i] != b[i]) {
                return line;
            }
            if (a[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static byte[] initramfsInit() throws IOException {
        try (InputStream in = DerivedFiles.class.getClassLoader().getResourceAsStream(INITRAMFS_INIT_RESOURCE)) {
            if (in == null) {
                throw new IOException("resource " + INITRAMFS_INIT_RESOURCE + " is missing from the classpath"
                        + " (it comes with the os-image jar)");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
