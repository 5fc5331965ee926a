package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.image.build.ImageLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed derived files of meta-twinroot equal what the Java layout and boot contract generate. After a
 * change to the layout or the contract, regenerate them (docs/yocto.md):
 * {@code mvn -B -q -pl yocto-layer -am test -Dtest=DerivedFilesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtwinroot.layer.regenerate=true}, review the diff and commit it.
 */
class DerivedFilesTest {

    @Test
    void committedDerivedFilesMatchTheJavaDefinitions() throws IOException {
        LayerChecker checker = new LayerChecker(TestLayer.module(), TestLayer.pomVersion());
        if (Boolean.getBoolean("twinroot.layer.regenerate")) {
            List<String> changed = DerivedFiles.write(checker.layer());
            System.out.println("regenerated: " + changed);
        }
        assertEquals(List.of(), DerivedFiles.drift(checker.layer()));
    }

    /**
     * What the recipe installs on each machine, the committed template with the distro's defaults substituted as
     * twinroot-config's sed does, is byte for byte the system.json {@code twinroot image build} writes for that
     * machine's default config: on the Pi the same PARTUUIDs, so either image's bundles find the other's slots.
     */
    @Test
    void installedSystemJsonEqualsTheImageBuildersAtTheDistroDefaults() throws IOException {
        LayerChecker checker = new LayerChecker(TestLayer.module(), TestLayer.pomVersion());
        String distro = Files.readString(checker.layer().resolve(ImageChecks.DISTRO));
        String diskId = distro.lines().filter(l -> l.startsWith(LayerMachine.MBR_DISKID_VARIABLE + " ?= "))
                .map(l -> l.substring(l.indexOf('"') + 1, l.lastIndexOf('"'))).findFirst().orElseThrow();
        for (LayerMachine machine : LayerMachine.values()) {
            String template = Files.readString(checker.layer().resolve(DerivedFiles.systemJson(machine)));
            String installed = template.replace(LayerMachine.MBR_DISKID_PLACEHOLDER, diskId)
                    .replace(LayerMachine.COMPATIBLE_PLACEHOLDER, machine.imageConfig().compatible());
            assertEquals(ImageLayout.systemJson(machine.imageConfig()), installed, machine.yoctoName());
        }
    }
}
