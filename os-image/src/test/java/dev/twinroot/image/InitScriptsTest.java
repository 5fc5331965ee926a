package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitScriptsTest {
    static final ExternalTool DASH = new ExternalTool("dash", "dash");

    @TempDir
    Path dir;

    /** busybox ash is POSIX sh plus extras; dash -n catches the syntax errors that would panic a booting kernel. */
    @Test
    void everyScriptIsValidPosixShell() throws Exception {
        for (InitScripts script : InitScripts.values()) {
            if (script == InitScripts.LATE_C2_OPTIONS) {
                continue;
            }
            Path file = dir.resolve(script.name());
            Files.write(file, script.bytes());
            ExternalTool.Result result = DASH.run(List.of("-n", file.toString()), Duration.ofSeconds(30));
            assertEquals(0, result.exitCode(), script + ": " + result.stderr());
            assertTrue(script.text().startsWith("#!/bin/busybox sh\n"), script + " runs under busybox, the one shell every image has");
        }
    }

    @Test
    void printsTheMarkersTestsAndEngineersLookFor() {
        assertTrue(InitScripts.INITRAMFS_INIT.text().contains("say \"mounting $slot_label ($device) read-only\""));
        assertTrue(InitScripts.ROOTFS_INIT.text().contains("twinroot-init: $*"));
        assertTrue(InitScripts.SUPERVISOR_RUN.text().contains("JAR=" + InitScripts.SUPERVISOR_JAR));
        assertTrue(InitScripts.SUPERVISOR_RUN.text().contains("supervisor NOT started"));
    }

    /** The daemon (through class-data) and twinrootctl install hold C2 back with the same thresholds: one file, read by both. */
    @Test
    void theLateC2OptionsAreOneFileBothScriptsRead() {
        List<String> options = InitScripts.LATE_C2_OPTIONS.text().lines().toList();
        assertEquals(4, options.size(), options.toString());
        assertTrue(options.stream().allMatch(o -> o.matches("-XX:Tier4[A-Za-z]+Threshold=[0-9]+")), options.toString());
        assertTrue(InitScripts.CLASS_DATA.text().contains("LATE_C2=$R/usr/lib/twinroot/late-c2.options"));
        assertTrue(InitScripts.CLASS_DATA.text().contains("$(cat \"$LATE_C2\" 2>/dev/null)"));
        assertTrue(InitScripts.SUPERVISOR_RUN.text().contains("OPTS=$(\"$CLASS_DATA\" options)"),
                "the daemon runs with the options its archive is made with");
        assertTrue(InitScripts.TWINROOTCTL.text().contains("COMPILER=$(cat \"$R/usr/lib/twinroot/late-c2.options\")"));
        for (InitScripts script : List.of(InitScripts.SUPERVISOR_RUN, InitScripts.CLASS_DATA, InitScripts.TWINROOTCTL)) {
            assertTrue(!script.text().contains("-XX:Tier4"), script + ": the thresholds are written nowhere else");
        }
    }
}
