package dev.twinroot.supervisor.apps.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.TestRegistry;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.target.TargetState;
import dev.twinroot.supervisor.apps.target.TargetStateParser;
import dev.twinroot.supervisor.health.HealthCheck;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers: runc as root on this host, busybox images built by the test. */
class AppManagerTest {

    static final ImagePlatform AMD64 = new ImagePlatform("linux", "amd64");
    static final List<String> LOOP = List.of("/bin/sh", "-c",
            "echo started $GREETING; cat /etc/release; date > /data/started; while true; do sleep 1; done");

    @TempDir
    Path dir;
    AppsSettings settings;
    Runc runc;
    AppManager apps;
    Path locks;

    @BeforeEach
    void setUp() {
        assumeTrue("root".equals(System.getProperty("user.name")), "runc needs root to create namespaces");
        assumeTrue(Runc.RUNC.isPresent(), "needs runc: apt-get install runc");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        settings = new AppsSettings(dir.resolve("data/apps"), dir.resolve("run/runc"), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 1L << 30, 1L << 20);
        runc = new Runc(settings.runtimeState());
        locks = dir.resolve("locks");
        apps = newManager();
    }

    private AppManager newManager() {
        return new AppManager(settings, runc, new LockFiles(locks, LockFiles.PROC_LOCKS), CgroupSupport.detect(), AMD64,
                dev.twinroot.platform.Platform.linux().fileSync(), InstantSource.system());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (apps != null) {
            apps.close();
        }
    }

    @Test
    void runsAReleaseThenUpdatesItAndRollsBackABrokenOne() throws Exception {
        TestImages.Image v1 = load(TestImages.busybox("1.0", LOOP));
        ApplyResult r1 = apply(target("r1", "acme/app@" + v1.digest(), "download-then-kill", ""));
        assertEquals(new ApplyResult.Applied("r1", List.of("app")), r1);
        AppStatus s1 = apps.status().get(0);
        assertEquals("running", s1.state());
        waitFor(() -> "healthy".equals(apps.status().get(0).health()), "health command passes");
        waitFor(() -> logs().contains("started hello"), "the container's output is in its log");
        assertTrue(logs().contains("1.0"));
        assertTrue(Files.exists(settings.volume("data").resolve("started")), "the volume is on the data partition");
        // The root filesystem is read-only; the volume and /tmp are not.
        assertFalse(exec(s1, "touch", "/etc/x"), "root is read-only");
        assertTrue(exec(s1, "touch", "/data/x"));
        assertTrue(exec(s1, "touch", "/tmp/x"));

        TestImages.Image v2 = load(TestImages.busybox("2.0", LOOP));
        ApplyResult r2 = apply(target("r2", "acme/app@" + v2.digest(), "download-then-kill", ""));
        assertEquals(new ApplyResult.Applied("r2", List.of("app")), r2);
        AppStatus s2 = apps.status().get(0);
        assertNotEquals(s1.container(), s2.container());
        waitFor(() -> logs().contains("2.0"), "the new release runs");
        assertTrue(Files.exists(settings.previousRelease()));

        TestImages.Image broken = load(TestImages.busybox("3.0", List.of("/bin/sh", "-c", "echo broken; exit 3")));
        ApplyResult r3 = apply(target("r3", "acme/app@" + broken.digest(), "download-then-kill", ""));
        ApplyResult.RolledBack back = assertInstanceOf(ApplyResult.RolledBack.class, r3);
        assertTrue(back.reason().contains("exited with status 3"), back.reason());
        assertEquals("r2", back.restored());
        assertEquals("r2", apps.release().orElseThrow());
        waitFor(() -> "running".equals(apps.status().get(0).state()), "release r2 runs again");
        assertEquals("r2", apps.status().get(0).release());
        assertTrue(new String(Files.readAllBytes(settings.currentRelease()), StandardCharsets.UTF_8).contains("\"r2\""));

        // The garbage collector kept r1's image (the previous release) and r2's, and dropped nothing in use.
        assertTrue(apps.images().image(v1.digest()).isPresent());
        assertTrue(apps.images().image(v2.digest()).isPresent());
    }

    @Test
    void handOverStartsTheNewContainerBeforeStoppingTheOld() throws Exception {
        TestImages.Image v1 = load(TestImages.busybox("1.0", LOOP));
        apply(target("r1", "acme/app@" + v1.digest(), "hand-over", ""));
        // Loaded after r1 is applied: applying collects images that neither it nor the release before use.
        TestImages.Image v2 = load(TestImages.busybox("2.0", LOOP));
        String first = apps.status().get(0).container().orElseThrow();
        assertEquals(new ApplyResult.Applied("r2", List.of("app")),
                apply(target("r2", "acme/app@" + v2.digest(), "hand-over", "")));
        AppStatus now = apps.status().get(0);
        assertNotEquals(first, now.container().orElseThrow());
        assertEquals(List.of(now.container().orElseThrow()), runc.list(), "the old container is gone");
        String log = logs();
        assertTrue(log.indexOf("starting container " + now.container().get()) < log.indexOf("stopping container " + first),
                "new started before old stopped:\n" + log);
    }

    @Test
    void killThenDownloadPullsFromARegistryAfterStoppingTheOldContainer() throws Exception {
        TestImages.Image v1 = load(TestImages.busybox("1.0", LOOP));
        apply(target("r1", "acme/app@" + v1.digest(), "kill-then-download", ""));
        try (TestRegistry registry = TestRegistry.start(Files.createDirectory(dir.resolve("registry")))) {
            TestImages.Image v2 = TestImages.busybox("2.0", LOOP);
            TestImages.push(v2, registry.address(), "acme/app");
            assertInstanceOf(ApplyResult.Applied.class,
                    apply(target("r2", registry.address() + "/acme/app@" + v2.digest(), "kill-then-download", "")));
        }
        waitFor(() -> logs().contains("2.0"), "the pulled release runs");
        String log = logs();
        assertTrue(log.lastIndexOf("stopping container app-1") < log.lastIndexOf("starting container app-2"), log);
    }

    @Test
    void updateLocksHoldBackAnUpdateUntilReleased() throws Exception {
        TestImages.Image v1 = load(TestImages.busybox("1.0", LOOP));
        apply(target("r1", "acme/app@" + v1.digest(), "download-then-kill", ""));
        TestImages.Image v2 = load(TestImages.busybox("2.0", LOOP));
        Files.createDirectories(locks.resolve("app"));
        try (FileChannel ch = FileChannel.open(locks.resolve("app/updates.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
            ApplyResult waiting = apply(target("r2", "acme/app@" + v2.digest(), "download-then-kill", ""));
            assertEquals(new ApplyResult.Waiting("r2", List.of("app/updates.lock")), waiting);
            assertEquals("r1", apps.status().get(0).release());
            assertTrue(lock.isValid());
        }
        assertInstanceOf(ApplyResult.Applied.class, apply(target("r2", "acme/app@" + v2.digest(), "download-then-kill", "")));
    }

    @Test
    void restartsAKilledContainerAndComesBackAfterASupervisorRestart() throws Exception {
        TestImages.Image v1 = load(TestImages.busybox("1.0", LOOP));
        apply(target("r1", "acme/app@" + v1.digest(), "download-then-kill", ",\"limits\":{\"memoryBytes\":67108864,\"pids\":32}"));
        String first = apps.status().get(0).container().orElseThrow();
        if (CgroupSupport.detect().memory()) {
            assertEquals("67108864", memoryLimit(first), "the memory limit reached the cgroup");
        }
        Runc.RUNC.run(List.of("--root", settings.runtimeState().toString(), "kill", first, "KILL"), Duration.ofSeconds(10))
                .requireSuccess();
        waitFor(() -> apps.status().get(0).restarts() == 1 && "running".equals(apps.status().get(0).state()),
                "restart policy 'always' restarts it");
        assertEquals(137, apps.status().get(0).lastExit().orElseThrow());
        HealthCheck check = new AppsHealthCheck(apps);
        waitFor(() -> healthy(check), "apps health check passes");
        Files.delete(settings.volume("data").resolve("started"));
        assertFalse(check.run(Duration.ofSeconds(5)).healthy(), "health command fails without its file");

        // A reboot, or a host-OS update with the same data partition: the same release comes back, data intact.
        Files.writeString(settings.volume("data").resolve("kept"), "volume data");
        apps.close();
        apps = newManager();
        assertEquals("r1", apps.start().orElseThrow());
        waitFor(() -> "running".equals(apps.status().get(0).state()), "the release runs again");
        assertEquals("volume data", Files.readString(settings.volume("data").resolve("kept")));
        apps.restart("app");
        waitFor(() -> "running".equals(apps.status().get(0).state()), "restarted through the API path");
    }

    private static boolean healthy(HealthCheck check) {
        try {
            return check.run(Duration.ofSeconds(5)).healthy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The container's own memory cgroup, found through its first process: another test's may share its name. */
    private String memoryLimit(String id) throws IOException {
        String state = Runc.RUNC.run(List.of("--root", settings.runtimeState().toString(), "state", id),
                Duration.ofSeconds(10)).requireSuccess().stdout();
        long pid = new com.fasterxml.jackson.databind.ObjectMapper().readTree(state).get("pid").asLong();
        String cgroup = Files.readAllLines(Path.of("/proc/" + pid + "/cgroup")).stream()
                .filter(l -> l.matches("\\d+:memory:.*")).findFirst().orElseThrow()
                .replaceFirst("^\\d+:memory:", "");
        return Files.readString(Path.of("/sys/fs/cgroup/memory" + cgroup, "memory.limit_in_bytes")).strip();
    }

    private boolean exec(AppStatus s, String... args) throws IOException {
        return runc.exec(s.container().orElseThrow(), List.of(args), Duration.ofSeconds(10)).succeeded();
    }

    private TestImages.Image load(TestImages.Image image) throws IOException {
        new ImageArchive(apps.images(), AMD64).load(new ByteArrayInputStream(TestImages.ociArchive(image)), "test");
        return image;
    }

    private ApplyResult apply(String json) throws Exception {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        TargetState t = TargetStateParser.parse(raw);
        return apps.apply(t, raw);
    }

    static String target(String release, String image, String strategy, String extra) {
        return "{\"formatVersion\":1,\"release\":\"" + release + "\",\"services\":{\"app\":{\"image\":\"" + image
                + "\",\"environment\":{\"GREETING\":\"hello\"},\"volumes\":[{\"name\":\"data\",\"path\":\"/data\"}],"
                + "\"restart\":\"always\",\"updateStrategy\":\"" + strategy + "\",\"healthCheck\":{\"command\":"
                + "[\"/bin/test\",\"-f\",\"/data/started\"],\"intervalSeconds\":1,\"timeoutSeconds\":5,\"retries\":1}"
                + extra + "}}}";
    }

    private String logs() {
        try {
            return String.join("\n", apps.logs("app", 1000));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting until " + what);
    }
}
