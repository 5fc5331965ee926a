package dev.twinroot.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExternalToolTest {

    @Test
    void missingToolNamesThePackageToInstall() {
        ExternalTool tool = new ExternalTool("twinroot-no-such-tool", "twinroot-no-such-package");
        assertFalse(tool.isPresent());
        IOException e = assertThrows(ExternalTool.ToolMissingException.class, tool::require);
        assertEquals("twinroot-no-such-tool is not installed: apt-get install twinroot-no-such-package", e.getMessage());
    }

    @Test
    void capturesOutputAndExitCode() throws IOException {
        ExternalTool sh = new ExternalTool("sh", "dash");
        ExternalTool.Result ok = sh.run(List.of("-c", "echo out; echo err >&2"), Duration.ofSeconds(10));
        assertTrue(ok.succeeded());
        assertEquals("out\n", ok.stdout());
        assertEquals("err\n", ok.stderr());

        ExternalTool.Result failed = sh.run(List.of("-c", "echo first >&2; echo 'the reason' >&2; exit 3"), Duration.ofSeconds(10));
        ExternalTool.ToolFailedException e = assertThrows(ExternalTool.ToolFailedException.class, failed::requireSuccess);
        assertEquals("sh exited with 3: the reason", e.getMessage());
    }

    @Test
    void killsAToolThatOutlivesItsTimeout() {
        ExternalTool sh = new ExternalTool("sh", "dash");
        IOException e = assertThrows(IOException.class, () -> sh.run(List.of("-c", "sleep 30"), Duration.ofMillis(200)));
        assertEquals("sh did not finish within 0.2 s: killed", e.getMessage());
    }

    @Test
    void rejectsAPathAsName() {
        assertThrows(IllegalArgumentException.class, () -> new ExternalTool("/bin/sh", "dash"));
    }
}
