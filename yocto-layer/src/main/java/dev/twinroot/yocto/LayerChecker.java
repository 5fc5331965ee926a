package dev.twinroot.yocto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks meta-twinroot without BitBake or network: the syntax of every metadata file, the layer's own rules
 * ({@link RecipeChecks}), agreement with the Java layout and boot contract ({@link LayoutChecks},
 * {@link ImageChecks}, {@link SupervisorChecks}), and that
 * the generated files are what the Java definitions generate today ({@link DerivedFiles}).
 */
final class LayerChecker {
    private final Path module;
    private final String pomVersion;

    /**
     * @param module the yocto-layer module directory, holding meta-twinroot/ and kas/
     * @param pomVersion the Maven project version, which the supervisor recipe's PV must equal
     */
    LayerChecker(Path module, String pomVersion) {
        this.module = module;
        this.pomVersion = pomVersion;
    }

    Path layer() {
        return module.resolve("meta-twinroot");
    }

    List<Finding> check() throws IOException {
        LayerFiles files = LayerFiles.read(layer());
        List<Finding> findings = new ArrayList<>();
        RecipeChecks recipes = new RecipeChecks(files, findings);
        recipes.layerConf();
        recipes.sourceFiles();
        recipes.serviceUnits();
        recipes.supervisorVersion(pomVersion);
        new SupervisorChecks(files, findings).check();
        LayoutChecks layout = new LayoutChecks(files, findings);
        for (LayerMachine machine : LayerMachine.values()) {
            layout.wks(machine);
            layout.bootScript(machine);
            layout.systemJson(machine);
        }
        layout.fstab();
        new MbrDiskIdChecks(files, findings).check();
        ImageChecks image = new ImageChecks(files, findings);
        image.imageRecipe();
        image.compatible();
        image.supervisorUnit();
        image.kas(module.resolve("kas"));
        findings.addAll(DerivedFiles.drift(layer()));
        List<Finding> all = new ArrayList<>(files.findings());
        all.addAll(findings);
        return all;
    }
}
