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
}
