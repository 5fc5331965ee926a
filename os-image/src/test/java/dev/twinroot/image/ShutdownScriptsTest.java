package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's shutdown: the inittab hands it to our script, which stops the supervisor before anything else and
 * unmounts the overlays before the data partition under them. {@code supervisor-stop} runs here for real under
 * the host's busybox against real processes; {@code shutdown} itself signals every process (kill -1), so it is
 * checked by content and proved in QEMU (the full-update scenario's reboot).
 */
class ShutdownScriptsTest {

    @TempDir
    Path dir;

    @Test
    void initRunsOurShutdownAndNothingBeforeIt() {
        List<String> shutdown = RootfsAdditions.INITTAB.lines().filter(l -> l.startsWith("::shutdown:")).toList();
        assertEquals(List.of("::shutdown:/usr/lib/twinroot/shutdown"), shutdown,
                "one shutdown action: busybox runs them in order before it signals every process");
        assertTrue(RootfsAdditions.INITTAB.contains("::respawn:/usr/lib/twinroot/supervisor-run"));
    }

    @Test
    void theShutdownStopsTheSupervisorThenTheRestThenUnmountsOverlaysBeforeData() {
        String s = InitScripts.SHUTDOWN.text();
        int stopSupervisor = s.indexOf("/usr/lib/twinroot/supervisor-stop /run/twinroot/supervisor.pid ");
        int term = s.indexOf("kill -TERM -1");
        int kill = s.indexOf("kill -KILL -1");
        int unmount = s.indexOf("for mnt in /etc /var /data /mnt/boot; do");
        int lastSync = s.lastIndexOf("\nsync\n");
        assertTrue(stopSupervisor > 0, "stops the supervisor with the pid file supervisor-run writes");
        assertTrue(stopSupervisor < term && term < kill && kill < unmount && unmount < lastSync,
                "supervisor, then everyone else, then unmount, then sync: " + List.of(stopSupervisor, term, kill,
                        unmount, lastSync));
        assertTrue(s.contains("umount \"$mnt\"") && s.contains("mount -o remount,ro \"$mnt\""),
                "unmounts, or at least remounts read-only");
        assertTrue(InitScripts.SUPERVISOR_RUN.text().contains("PIDFILE=/run/twinroot/supervisor.pid"));
        assertFalse(s.contains("/dev/watchdog"), "the shutdown never opens (or magic-closes) the watchdog");
    }

    @Test
    void aSupervisorThatStopsOnSigtermIsWaitedFor() throws Exception {
        Path pidFile = dir.resolve("supervisor.pid");
        Process supervisor = start(pidFile, "exec sleep 600");
        ExternalTool.Result r = stop(pidFile, 10);
        assertEquals(0, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(supervisor.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 15, supervisor.exitValue(), "ended by SIGTERM");
        assertTrue(r.stdout().contains("twinroot-shutdown: stopping the supervisor (pid " + supervisor.pid()
                + "): SIGTERM, at most 10 s"), r.stdout());
        assertTrue(r.stdout().contains("twinroot-shutdown: supervisor stopped after "), r.stdout());
    }

    @Test
    void aSupervisorThatIgnoresSigtermIsKilledAfterTheGrace() throws Exception {
        Path pidFile = dir.resolve("supervisor.pid");
        Process supervisor = start(pidFile, "trap '' TERM; while :; do sleep 0.2; done");
        long begin = System.nanoTime();
        ExternalTool.Result r = stop(pidFile, 1);
        long millis = (System.nanoTime() - begin) / 1_000_000;
        assertEquals(1, r.exitCode(), r.stdout() + r.stderr());
        assertTrue(r.stdout().contains("twinroot-shutdown: the supervisor did not stop within 1 s: SIGKILL"), r.stdout());
        assertTrue(supervisor.waitFor(5, TimeUnit.SECONDS));
        assertEquals(128 + 9, supervisor.exitValue(), "ended by SIGKILL");
        assertTrue(millis >= 1000, "waited the grace first: " + millis + " ms");
    }

    @Test
    void noSupervisorIsNothingToStop() throws Exception {
        ExternalTool.Result missing = stop(dir.resolve("none.pid"), 10);
        assertEquals(0, missing.exitCode());
        assertTrue(missing.stdout().contains("supervisor not running (no pid in "), missing.stdout());
        Path garbage = Files.writeString(dir.resolve("garbage.pid"), "-1\n");
        ExternalTool.Result refused = stop(garbage, 10);
        assertEquals(0, refused.exitCode());
        assertTrue(refused.stdout().contains("supervisor not running (no pid in "), "never kill -1 from a pid file");
    }

    /** A stand-in for the supervisor's JVM: writes its pid as supervisor-run does, then runs {@code body}. */
    private Process start(Path pidFile, String body) throws Exception {
        Process p = new ProcessBuilder(List.of("sh", "-c", "echo $$ > " + pidFile + "; " + body))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
        for (int i = 0; i < 100 && !(Files.exists(pidFile) && Files.size(pidFile) > 0); i++) {
            Thread.sleep(50);
        }
        assertEquals(String.valueOf(p.pid()), Files.readString(pidFile).strip());
        return p;
    }

    private ExternalTool.Result stop(Path pidFile, int seconds) throws Exception {
        Path script = Files.write(dir.resolve("supervisor-stop"), InitScripts.SUPERVISOR_STOP.bytes());
        return HostTools.BUSYBOX.run(List.of("sh", script.toString(), pidFile.toString(), String.valueOf(seconds)),
                Duration.ofSeconds(30));
    }
}
