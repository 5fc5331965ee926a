package dev.twinroot.image;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostToolsTest {

    /** Every package `twinroot doctor` would tell a user to install is one scripts/setup-host installs. */
    @Test
    void setupHostInstallsEveryPackageInTheTable() throws IOException {
        Set<String> installed = setupHostPackages();
        List<String> missing = HostTools.all().stream().map(HostTool::debianPackage).distinct()
                .filter(p -> !installed.contains(p)).toList();
        assertEquals(List.of(), missing, "packages in HostTools but not in scripts/setup-host's packages=( ... )");
    }

    @Test
    void namesAreUniqueAndEachEntrySaysWhatItIsFor() {
        Set<String> names = new HashSet<>();
        for (HostTool t : HostTools.all()) {
            assertTrue(names.add(t.name()), "listed twice: " + t.name());
            assertFalse(t.purpose().isBlank(), t.name());
        }
    }

    @Test
    void aMissingToolIsReportedWithItsPackageAndBlocksImageBuildOnlyIfRequired() {
        HostTool sh = new HostTool("sh", "dash", HostTool.Kind.PROGRAM, HostTool.Need.IMAGE_BUILD, "runs scripts");
        HostTool gone = new HostTool("twinroot-no-such-tool", "twinroot-nothing", HostTool.Kind.PROGRAM,
                HostTool.Need.OPTIONAL, "nothing");
        HostTool goneFile = new HostTool("/nonexistent/firmware.bin", "twinroot-firmware", HostTool.Kind.FILE,
                HostTool.Need.OPTIONAL, "nothing");
        HostReport optionalMissing = HostReport.check(List.of(sh, gone, goneFile));
        assertTrue(optionalMissing.entries().get(0).present());
        assertEquals(List.of(gone, goneFile), optionalMissing.missing().stream().map(HostReport.Entry::tool).toList());
        assertTrue(optionalMissing.imageBuildReady());
        assertEquals("apt-get install twinroot-nothing twinroot-firmware", optionalMissing.installCommand().orElseThrow());

        HostTool requiredGone = new HostTool("twinroot-no-such-tool", "twinroot-nothing", HostTool.Kind.PROGRAM,
                HostTool.Need.IMAGE_BUILD, "nothing");
        assertFalse(HostReport.check(List.of(sh, requiredGone)).imageBuildReady());
        assertTrue(HostReport.check(List.of(sh)).installCommand().isEmpty());
    }

    /** The words inside {@code packages=( ... )} in scripts/setup-host, comments dropped. */
    static Set<String> setupHostPackages() throws IOException {
        String script = Files.readString(repositoryRoot().resolve("scripts/setup-host"));
        Matcher m = Pattern.compile("(?s)\\npackages=\\((.*?)\\n\\)").matcher(script);
        assertTrue(m.find(), "scripts/setup-host has no packages=( ... ) list");
        Set<String> packages = new HashSet<>();
        for (String line : m.group(1).split("\n")) {
            String code = line.replaceAll("#.*", "").strip();
            if (!code.isEmpty()) {
                packages.addAll(List.of(code.split("\\s+")));
            }
        }
        return packages;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("scripts/setup-host"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no scripts/setup-host above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
