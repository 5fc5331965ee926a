package dev.twinroot.yocto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.twinroot.image.build.ImageLayout;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks of what builds and runs the image against the Java definitions: the image recipe (slot size, boot
 * files, initramfs path), the distro's compatible strings, the supervisor's systemd unit, and the kas files.
 */
final class ImageChecks {
    static final String IMAGE_RECIPE = "recipes-core/images/twinroot-image.bb";
    static final String SUPERVISOR_UNIT = "recipes-twinroot/twinroot-supervisor/files/twinroot-supervisor.service";
    static final String DISTRO = "conf/distro/twinroot.conf";

    private final LayerFiles layer;
    private final List<Finding> findings;

    ImageChecks(LayerFiles layer, List<Finding> findings) {
        this.layer = layer;
        this.findings = findings;
    }

    /** The slot image is exactly a slot partition large, for every machine, and the boot files are listed. */
    void imageRecipe() {
        RecipeSyntax.Parsed image = layer.metadata().get(IMAGE_RECIPE);
        if (image == null) {
            findings.add(new Finding(IMAGE_RECIPE, 0, "image-recipe", "the image recipe is missing"));
            return;
        }
        for (LayerMachine machine : LayerMachine.values()) {
            long kib = machine.imageConfig().sizes().slotBytes() / 1024;
            for (String variable : List.of("IMAGE_ROOTFS_SIZE", "IMAGE_ROOTFS_MAXSIZE")) {
                List<String> value = RecipeChecks.words(image, variable);
                if (!value.equals(List.of(Long.toString(kib)))) {
                    findings.add(new Finding(IMAGE_RECIPE, 0, "image-size", variable + ": expected " + kib
                            + " (KiB, the slot size of " + machine.yoctoName() + "), found " + value));
                }
            }
        }
        for (String word : List.of("ext4", "wic")) {
            if (!RecipeChecks.words(image, "IMAGE_FSTYPES").contains(word)) {
                findings.add(new Finding(IMAGE_RECIPE, 0, "image-recipe", "IMAGE_FSTYPES must contain " + word));
            }
        }
        String label = "-L " + Slot.A.partition().label();
        if (image.assignments().stream().noneMatch(a -> a.name().equals("EXTRA_IMAGECMD:ext4")
                && (" " + a.value() + " ").contains(" " + label + " "))) {
            findings.add(new Finding(IMAGE_RECIPE, 0, "image-recipe", "EXTRA_IMAGECMD:ext4 must label the slot"
                    + " filesystem as twinroot image build does (" + label + ")"));
        }
        if (!RecipeChecks.words(image, "IMAGE_FEATURES").contains("read-only-rootfs")) {
            findings.add(new Finding(IMAGE_RECIPE, 0, "image-recipe", "IMAGE_FEATURES must contain read-only-rootfs"));
        }
        if (!RecipeChecks.words(image, "WKS_FILE").equals(List.of("twinroot-${MACHINE}.wks.in"))) {
            findings.add(new Finding(IMAGE_RECIPE, 0, "image-recipe", "WKS_FILE must be twinroot-${MACHINE}.wks.in"));
        }
        for (LayerMachine machine : LayerMachine.values()) {
            List<String> bootFiles = RecipeChecks.wordsFor(image, "IMAGE_BOOT_FILES", machine.yoctoName());
            for (String f : List.of("twinroot-boot.scr;" + BootContract.BOOT_SCRIPT, BootContract.STATE_FILES.get(0),
                    BootContract.STATE_FILES.get(1))) {
                if (!bootFiles.contains(f)) {
                    findings.add(new Finding(IMAGE_RECIPE, 0, "image-boot-files", "IMAGE_BOOT_FILES for "
                            + machine.yoctoName() + " must list " + f));
                }
            }
            if (bootFiles.contains(BootContract.BOOT_SCRIPT)) {
                findings.add(new Finding(IMAGE_RECIPE, 0, "image-boot-files", "IMAGE_BOOT_FILES for "
                        + machine.yoctoName() + " still lists another " + BootContract.BOOT_SCRIPT + " than Twinroot's"));
            }
        }
        boolean initrd = image.functions().stream().anyMatch(f -> f.body().stream()
                .anyMatch(l -> l.contains("${IMAGE_ROOTFS}" + BootContract.INITRAMFS_PATH)));
        if (!initrd) {
            findings.add(new Finding(IMAGE_RECIPE, 0, "image-initramfs", "no function installs the initramfs at "
                    + "${IMAGE_ROOTFS}" + BootContract.INITRAMFS_PATH + ", which the boot script loads"));
        }
    }

    /** The distro's compatible strings equal those of `twinroot image build`, so bundles are interchangeable. */
    void compatible() {
        RecipeSyntax.Parsed distro = layer.metadata().get(DISTRO);
        if (distro == null) {
            findings.add(new Finding(DISTRO, 0, "distro", "the distro configuration is missing"));
            return;
        }
        for (LayerMachine machine : LayerMachine.values()) {
            String want = machine.imageConfig().compatible();
            Optional<Assignment> a = distro.assignments().stream()
                    .filter(x -> x.name().equals("TWINROOT_COMPATIBLE:" + machine.yoctoName())).findFirst();
            if (a.isEmpty() || !a.get().value().equals(want)) {
                findings.add(new Finding(DISTRO, a.map(Assignment::line).orElse(0), "compatible",
                        "TWINROOT_COMPATIBLE:" + machine.yoctoName() + ": expected \"" + want + "\", found "
                                + a.map(x -> "\"" + x.value() + "\"").orElse("nothing")));
            }
        }
    }

    /** The supervisor's unit runs the jar where the image puts it with java -jar, after the boot and data mounts. */
    void supervisorUnit() throws IOException {
        Optional<String> text = layer.text(SUPERVISOR_UNIT);
        if (text.isEmpty()) {
            return;
        }
        // Only -jar reads the manifest's Class-Path, which names the libraries in lib/ beside the jar.
        Optional<String> exec = text.get().lines().filter(l -> l.startsWith("ExecStart=")).findFirst();
        List<String> words = exec.map(e -> List.of(e.split("\\s+"))).orElse(List.of());
        int jar = words.indexOf(ImageLayout.SUPERVISOR_JAR);
        if (jar < 1 || !words.get(jar - 1).equals("-jar")) {
            findings.add(new Finding(SUPERVISOR_UNIT, 0, "supervisor-unit", "ExecStart must run java -jar "
                    + ImageLayout.SUPERVISOR_JAR + " (its manifest's Class-Path finds the libraries in lib/)"));
        }
        List<String> mounts = text.get().lines().filter(l -> l.startsWith("RequiresMountsFor="))
                .flatMap(l -> List.of(l.substring("RequiresMountsFor=".length()).split("\\s+")).stream()).toList();
        for (String m : List.of(ImageLayout.BOOT_MOUNT, ImageLayout.DATA_DIR)) {
            if (!mounts.contains(m)) {
                findings.add(new Finding(SUPERVISOR_UNIT, 0, "supervisor-unit", "RequiresMountsFor must name " + m));
            }
        }
    }

    /** One kas file per machine, with that MACHINE, every fetched layer pinned to a full commit id. */
    void kas(Path kasDir) throws IOException {
        for (LayerMachine machine : LayerMachine.values()) {
            Path file = kasDir.resolve("twinroot-" + machine.yoctoName() + ".yml");
            String rel = "kas/" + file.getFileName();
            if (!Files.isRegularFile(file)) {
                findings.add(new Finding(rel, 0, "kas", "missing kas file for " + machine.yoctoName()));
                continue;
            }
            JsonNode kas = new YAMLMapper().readTree(file.toFile());
            if (!kas.path("machine").asText().equals(machine.yoctoName())) {
                findings.add(new Finding(rel, 0, "kas", "expected machine: " + machine.yoctoName()));
            }
        }
        try (var files = Files.list(kasDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                JsonNode repos = new YAMLMapper().readTree(file.toFile()).path("repos");
                for (Map.Entry<String, JsonNode> repo : (Iterable<Map.Entry<String, JsonNode>>) repos::fields) {
                    JsonNode r = repo.getValue();
                    if (r.hasNonNull("url") && (!r.path("commit").asText().matches("[0-9a-f]{40}")
                            || !r.path("branch").asText().equals(RecipeChecks.SERIES))) {
                        findings.add(new Finding("kas/" + file.getFileName(), 0, "kas-pin", "repo " + repo.getKey()
                                + ": expected branch " + RecipeChecks.SERIES + " and a 40-hex commit id"));
                    }
                }
            }
        }
    }
}
