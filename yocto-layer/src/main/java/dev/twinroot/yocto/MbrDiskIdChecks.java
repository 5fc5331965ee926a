package dev.twinroot.yocto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The MBR disk identifier comes from one place, {@code TWINROOT_MBR_DISKID}: the distro gives its default (the
 * signature {@code twinroot image build} gives the machine), the image recipe hands it to wic, the layer's wic
 * plugin writes it into the disk, and twinroot-config puts it into system.json's PARTUUIDs. A layer where one of
 * them stops following the variable builds a disk whose slots the updater cannot find, so every link is checked.
 */
final class MbrDiskIdChecks {
    static final String PLUGIN = "scripts/lib/wic/plugins/source/" + LayerMachine.MBR_DISKID_PLUGIN + ".py";
    /** The kernel spells the signature half of a PARTUUID as 8 lower-case hex digits; all zeros means none. */
    static final Pattern DISK_ID = Pattern.compile("(?!0{8})[0-9a-f]{8}");
    private static final String RULE = "mbr-diskid";
    private static final String VARIABLE = LayerMachine.MBR_DISKID_VARIABLE;

    private final LayerFiles layer;
    private final List<Finding> findings;

    MbrDiskIdChecks(LayerFiles layer, List<Finding> findings) {
        this.layer = layer;
        this.findings = findings;
    }

    void check() throws IOException {
        List<LayerMachine> mbr = new ArrayList<>();
        for (LayerMachine machine : LayerMachine.values()) {
            if (machine.mbr()) {
                mbr.add(machine);
            }
        }
        if (mbr.isEmpty()) {
            return;
        }
        distroDefault(mbr);
        configRecipe();
        imageRecipe();
        plugin();
    }

    /** A weak default ({@code ?=}) in the distro, so local.conf (read before it) can set the product's own. */
    private void distroDefault(List<LayerMachine> machines) throws IOException {
        RecipeSyntax.Parsed distro = layer.metadata().get(ImageChecks.DISTRO);
        List<Assignment> all = distro == null ? List.of() : distro.all(VARIABLE);
        if (all.size() != 1 || !all.get(0).name().equals(VARIABLE) || !all.get(0).operator().equals("?=")) {
            findings.add(new Finding(ImageChecks.DISTRO, all.isEmpty() ? 0 : all.get(0).line(), RULE, "expected one "
                    + VARIABLE + " ?= \"<8 hex digits>\" without overrides, found " + all.size() + " assignments"
                    + (all.isEmpty() ? "" : " (first: " + all.get(0).name() + " " + all.get(0).operator() + ")")));
            return;
        }
        Assignment a = all.get(0);
        if (!DISK_ID.matcher(a.value()).matches()) {
            findings.add(new Finding(ImageChecks.DISTRO, a.line(), RULE, VARIABLE + ": expected 8 lower-case hex digits,"
                    + " not all zero (the kernel's spelling in PARTUUID), found \"" + a.value() + "\""));
            return;
        }
        for (LayerMachine machine : machines) {
            Optional<String> want = machine.defaultMbrDiskId();
            if (want.isPresent() && !want.get().equals(a.value())) {
                findings.add(new Finding(ImageChecks.DISTRO, a.line(), RULE, VARIABLE + ": expected \"" + want.get()
                        + "\", the disk signature twinroot image build gives " + machine.yoctoName() + ", found \""
                        + a.value() + "\""));
            }
        }
    }

    /** twinroot-config fills the placeholder with the variable and re-runs do_install when it changes. */
    private void configRecipe() {
        String recipe = LayoutChecks.CONFIG_RECIPE;
        RecipeSyntax.Parsed config = layer.metadata().get(recipe);
        String substitution = "s/" + LayerMachine.MBR_DISKID_PLACEHOLDER + "/${" + VARIABLE + "}/g";
        boolean substituted = config != null && config.function("do_install").map(f -> f.body().stream()
                .anyMatch(l -> l.contains(substitution) && l.contains("system.json"))).orElse(false);
        if (!substituted) {
            findings.add(new Finding(recipe, 0, RULE, "do_install must substitute '" + substitution
                    + "' into system.json"));
        }
        boolean vardep = config != null && config.assignments().stream().anyMatch(a -> a.name().equals("do_install")
                && a.flag().equals(Optional.of("vardeps")) && List.of(a.value().split("\\s+")).contains(VARIABLE));
        if (!vardep) {
            findings.add(new Finding(recipe, 0, RULE, "do_install[vardeps] must name " + VARIABLE
                    + " (a new disk identifier must rebuild system.json)"));
        }
    }

    /** wic reads bitbake variables only from the image's .env file, which lists WICVARS. */
    private void imageRecipe() {
        RecipeSyntax.Parsed image = layer.metadata().get(ImageChecks.IMAGE_RECIPE);
        if (image == null || !RecipeChecks.words(image, "WICVARS").contains(VARIABLE)) {
            findings.add(new Finding(ImageChecks.IMAGE_RECIPE, 0, RULE, "WICVARS must contain " + VARIABLE
                    + " (the wic plugin " + LayerMachine.MBR_DISKID_PLUGIN + " reads it from the image's .env)"));
        }
    }

    private void plugin() throws IOException {
        Optional<String> text = layer.text(PLUGIN);
        if (text.isEmpty()) {
            findings.add(new Finding(PLUGIN, 0, RULE, "the wic plugin that writes " + VARIABLE + " into the MBR is"
                    + " missing"));
            return;
        }
        for (String expected : List.of("name = \"" + LayerMachine.MBR_DISKID_PLUGIN + "\"",
                "get_bitbake_var(\"" + VARIABLE + "\")")) {
            if (!text.get().contains(expected)) {
                findings.add(new Finding(PLUGIN, 0, RULE, "expected the plugin to contain " + expected));
            }
        }
    }
}
