package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.run.AppManager;
import dev.twinroot.supervisor.apps.run.AppsSettings;
import dev.twinroot.supervisor.apps.run.CgroupSupport;
import dev.twinroot.supervisor.apps.run.Runc;
import dev.twinroot.supervisor.assessment.AssessmentState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with application containers: the recorded release runs before the boot is assessed, its health is
 * one of the checks, {@code /v2/apps} is served, and closing the daemon stops the containers. A device without
 * runc still starts and assesses.
 */
class DaemonAppsTest {

    static final ImagePlatform AMD64 = new ImagePlatform("linux", "amd64");
    /** A runtime that is not installed anywhere: a device whose image was built without containers. */
    static final ExternalTool NO_RUNC = new ExternalTool("runc-not-installed-here", "runc");

    @TempDir
    Path dir;

    AppManager manager(TestDevice device, ExternalTool runtime) {
        AppsSettings defaults = AppsSettings.defaults(device.data);
        AppsSettings settings = new AppsSettings(defaults.appsDir(), dir.resolve("run/runc"), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 1L << 30, 1L << 20);
        return new AppManager(settings, new Runc(runtime, settings.runtimeState()),
                new LockFiles(dir.resolve("locks"), LockFiles.PROC_LOCKS), CgroupSupport.detect(), AMD64,
                Platform.linux().fileSync(), InstantSource.system());
    }

    static String target(String release, TestImages.Image image, String volume) {
        return "{\"formatVersion\":1,\"release\":\"" + release + "\",\"services\":{\"app\":{\"image\":\"acme/app@"
                + image.digest() + "\",\"volumes\":[{\"name\":\"" + volume + "\",\"path\":\"/data\"}]}}}";
    }

    static Wire.AppsResponse apps(TestDevice device) throws Exception {
        var r = DaemonTest.call(device, "GET", "/v2/apps");
        assertEquals(200, r.status(), new String(r.body(), StandardCharsets.UTF_8));
        return Json.reader(Wire.AppsResponse.class).readValue(r.body());
    }

    @Test
    void withoutRuncAndWithoutAReleaseTheDaemonAssessesAndTheApiSaysWhy() throws Exception {
        TestDevice device = new TestDevice(dir, "echo all good");
        device.apps = Optional.of(AppsWiring.over(manager(device, NO_RUNC)));
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            assertInstanceOf(AssessmentState.Committed.class, daemon.assessed().orElseThrow());
            var r = DaemonTest.call(device, "GET", "/v2/apps");
            assertEquals(501, r.status());
            assertEquals("{\"error\":\"application containers are not available on this device: it has no"
                    + " runc-not-installed-here (Debian package runc); build its image with containers: true\"}",
                    new String(r.body(), StandardCharsets.UTF_8).strip());
            assertEquals(501, DaemonTest.call(device, "POST", "/v2/apps/target").status(), "no target is accepted");
            Wire.LogsResponse logs = Json.reader(Wire.LogsResponse.class)
                    .readValue(DaemonTest.call(device, "GET", "/v1/logs").body());
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("healthy: apps: no applications")),
                    logs.lines().toString());
        }
    }

    @Test
    void aRecordedReleaseThatCannotStartMakesTheBootUnhealthy() throws Exception {
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        TestDevice device = new TestDevice(dir, "echo all good");
        // As after a host-OS update to an image without runc: the applications it ran before are recorded.
        recordRelease(device, TestImages.busybox("1.0", List.of("/bin/sh", "-c", "sleep 1000")));
        device.apps = Optional.of(AppsWiring.over(manager(device, NO_RUNC)));
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            AssessmentState.Unhealthy u = assertInstanceOf(AssessmentState.Unhealthy.class, daemon.assessed().orElseThrow());
            assertEquals("check 'apps' failed: app: not started (runc-not-installed-here is not installed:"
                    + " apt-get install runc)", u.reason());
        }
    }

    @Test
    void aReleaseTheRuntimeSpecCannotExpressIsUnhealthyAndTheDaemonRuns() throws Exception {
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        TestDevice device = new TestDevice(dir, "echo all good");
        recordRelease(device, TestImages.busybox("1.0", List.of()));
        device.apps = Optional.of(AppsWiring.over(manager(device, NO_RUNC)));
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            AssessmentState.Unhealthy u = assertInstanceOf(AssessmentState.Unhealthy.class, daemon.assessed().orElseThrow());
            assertEquals("check 'apps' failed: app: not started (service app: neither it nor its image names a command)",
                    u.reason());
        }
    }

    @Test
    void theRecordedReleaseRunsBeforeTheChecksAndStopsWithTheDaemon() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "runc needs root to create namespaces");
        assumeTrue(Runc.RUNC.isPresent(), "needs runc: apt-get install runc");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        TestDevice device = new TestDevice(dir, "echo all good");
        TestImages.Image image = TestImages.busybox("1.0", List.of("/bin/sh", "-c",
                "echo started >> /data/starts; while true; do sleep 1; done"));
        recordRelease(device, image);
        AppsSettings settings = AppsSettings.defaults(device.data);
        Path runc = dir.resolve("run/runc");

        device.apps = Optional.of(AppsWiring.over(manager(device, Runc.RUNC)));
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(60));
            assertInstanceOf(AssessmentState.Committed.class, daemon.assessed().orElseThrow());
            Wire.AppsResponse apps = apps(device);
            assertEquals(Optional.of("r1"), apps.release());
            assertEquals(1, apps.services().size());
            assertEquals("running", apps.services().get(0).state());
            assertEquals(List.of(apps.services().get(0).container().orElseThrow()), runcList(runc));
            Wire.LogsResponse logs = Json.reader(Wire.LogsResponse.class)
                    .readValue(DaemonTest.call(device, "GET", "/v1/logs").body());
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("healthy: apps: 1 services healthy")),
                    logs.lines().toString());
        }
        assertEquals(List.of(), runcList(runc), "closing the daemon stopped the container");
        assertEquals("started\n", Files.readString(settings.appsDir().resolve("volumes/state/starts")));

        // The next boot: the same release starts again and finds its volume as it was left.
        device.apps = Optional.of(AppsWiring.over(manager(device, Runc.RUNC)));
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(60));
            assertInstanceOf(AssessmentState.Committed.class, daemon.assessed().orElseThrow());
            assertEquals(Optional.of("r1"), apps(device).release());
        }
        assertEquals("started\nstarted\n", Files.readString(settings.appsDir().resolve("volumes/state/starts")));
    }

    static List<String> runcList(Path root) throws Exception {
        var r = Runc.RUNC.run(List.of("--root", root.toString(), "list", "-q"), Duration.ofSeconds(30))
                .requireSuccess();
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Loads {@code image} into the device's store and records release r1 of it, as an earlier boot left them. */
    private void recordRelease(TestDevice device, TestImages.Image image) throws IOException {
        AppsSettings settings = AppsSettings.defaults(device.data);
        new ImageArchive(new ImageStore(settings.images()), AMD64)
                .load(new ByteArrayInputStream(TestImages.ociArchive(image)), "app.tar");
        Files.writeString(settings.appsDir().resolve("current.json"), target("r1", image, "state"));
    }
}
