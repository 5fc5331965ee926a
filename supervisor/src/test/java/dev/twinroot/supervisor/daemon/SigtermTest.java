package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.log.Logs;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as busybox init's shutdown sends it, to a daemon in a child JVM started the way {@code twinrootctl daemon}
 * starts it: it stops (API socket gone) and its JSON log ends with the stop, written after the JDK's own shutdown
 * hook would have closed the handlers (without {@link dev.twinroot.supervisor.log.DaemonLogManager} the last line
 * is the "stopping" one).
 */
class SigtermTest {

    /** Run in the child JVM: a {@link TestDevice} daemon under {@code root}, stopped by the JVM's exit. */
    public static void main(String[] args) throws Exception {
        Logs.useDaemonLogManager();
        Daemon daemon = new TestDevice(Path.of(args[0]), "true").start();
        daemon.closeWhenTheJvmStops();
        daemon.awaitAssessment(Duration.ofSeconds(30));
        System.out.println("running");
        System.out.flush();
        daemon.runMainLoop();
    }

    @Test
    void sigtermStopsTheDaemonAndItsLogEndsWithTheStop(@TempDir Path root) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                SigtermTest.class.getName(), root.toString()))
                .redirectError(root.resolve("stderr").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("running", out.readLine(), () -> stderr(root));
            Path socket = root.resolve("run/api.sock");
            assertTrue(Files.exists(socket), "the API listens before the stop");
            child.destroy(); // SIGTERM
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "stopped within 30 s of SIGTERM");
            assertEquals(128 + 15, child.exitValue(), "the JVM's exit status for SIGTERM");
            List<String> log = Files.readAllLines(root.resolve("data/twinroot/log/supervisor.log"));
            String last = log.get(log.size() - 1);
            assertTrue(last.contains("twinroot supervisor stopped"), () -> last + "\n" + stderr(root));
            assertTrue(log.stream().anyMatch(l -> l.contains("twinroot supervisor stopping")), String.join("\n", log));
            assertTrue(Files.notExists(socket), "the API's socket is removed when it closes");
            assertTrue(stderr(root).contains("twinroot supervisor stopped"), stderr(root));
        } finally {
            child.destroyForcibly();
        }
    }

    private static String stderr(Path root) {
        try {
            return Files.readString(root.resolve("stderr"));
        } catch (java.io.IOException e) {
            return "(no stderr: " + e + ")";
        }
    }
}
