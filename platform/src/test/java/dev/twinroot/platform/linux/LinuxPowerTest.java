package dev.twinroot.platform.linux;

import dev.twinroot.platform.ExternalTool;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * reboot(2) is never called with privileges here. {@link RebootProbe} runs in a child JVM started by
 * {@code unshare --user} as an unmapped user, so it has no capability in the host's namespaces; the probe
 * itself refuses to call unless its effective capability set is empty. The kernel must then answer EPERM,
 * which shows the binding, its argument and the errno path without any risk to the machine.
 */
class LinuxPowerTest {

    private static final ExternalTool UNSHARE = new ExternalTool("unshare", "util-linux");

    @Test
    void rebootAndPowerOffWithoutCapSysBootFailWithEperm() throws IOException {
        Assumptions.assumeTrue(UNSHARE.isPresent(), "unshare is not installed (Debian package util-linux)");
        for (String action : new String[] {"reboot", "power-off"}) {
            ExternalTool.Result result = UNSHARE.run(List.of("--user",
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Djna.tmpdir=" + System.getProperty("java.io.tmpdir"),
                    RebootProbe.class.getName(), action), Duration.ofSeconds(60));
            Assumptions.assumeFalse(result.stderr().contains("unshare failed"),
                    "user namespaces are not allowed here: " + result.stderr().strip());
            assertEquals(0, result.exitCode(), result.stdout() + result.stderr());
            String expected = action.equals("reboot") ? "reboot(RB_AUTOBOOT)" : "reboot(RB_POWER_OFF)";
            assertEquals("EPERM " + expected + " on this machine: EPERM (Operation not permitted)",
                    result.stdout().strip());
        }
    }
}
