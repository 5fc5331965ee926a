package dev.twinroot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.image.HostTool;
import dev.twinroot.image.HostTools;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DoctorCommandTest {

    @Test
    void listsEveryToolOfTheTableWithWhatThisHostHas() throws IOException {
        CliRun run = CliRun.of("doctor", "--json");
        JsonNode root = new ObjectMapper().readTree(run.out());
        List<HostTool> table = HostTools.all();
        assertEquals(table.size(), root.get("tools").size());
        boolean allPresent = true;
        for (int i = 0; i < table.size(); i++) {
            JsonNode t = root.get("tools").get(i);
            assertEquals(table.get(i).name(), t.get("name").asText());
            assertEquals(table.get(i).debianPackage(), t.get("package").asText());
            assertEquals(table.get(i).find().isPresent(), t.get("present").asBoolean());
            allPresent &= t.get("present").asBoolean();
        }
        assertEquals(root.get("imageBuildReady").asBoolean() ? 0 : 1, run.exitCode());
        assertEquals(allPresent, root.get("install").isNull());

        CliRun text = CliRun.of("doctor");
        assertEquals(run.exitCode(), text.exitCode());
        assertTrue(text.out().startsWith("STATUS   TOOL"), text.out());
        assertTrue(text.out().contains("mke2fs"), text.out());
    }

    /**
     * The missing-tool path for real: a child JVM whose PATH has nothing in it. Programs in /usr/sbin and /sbin
     * are still found (ExternalTool looks there too); the ones in /usr/bin are not, and image build needs mcopy.
     */
    @Test
    void withAnEmptyPathItNamesWhatIsMissingAndExitsOne() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                Twinroot.class.getName(), "doctor");
        pb.environment().put("PATH", "/nonexistent");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("twinroot image build cannot run without: mcopy, mkimage, mmdebstrap"), out);
        assertTrue(out.contains("Install with: sudo apt-get install mtools u-boot-tools mmdebstrap"), out);
        assertFalse(out.contains("MISSING  mke2fs"), "found in /usr/sbin: " + out);
        assertTrue(Path.of(java).isAbsolute());
    }
}
