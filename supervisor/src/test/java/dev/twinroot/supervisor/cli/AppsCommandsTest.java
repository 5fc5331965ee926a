package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.api.ApiRoutes;
import dev.twinroot.supervisor.api.ApiServer;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.apps.TestImages;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.run.AppManager;
import dev.twinroot.supervisor.apps.run.AppsSettings;
import dev.twinroot.supervisor.apps.run.CgroupSupport;
import dev.twinroot.supervisor.apps.run.Runc;
import dev.twinroot.supervisor.daemon.AppsWiring;
import dev.twinroot.supervisor.daemon.TestDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code twinrootctl apps} against a real API server whose apps run in real runc containers. */
class AppsCommandsTest {

    @TempDir
    Path dir;

    @Test
    void loadTakesAnImageDeltaAndRefusesAWrongOneInOneLine() throws Exception {
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        assumeTrue(ImagePlatform.current().architecture().equals("amd64"), "the test images are built for amd64");
        TestDevice device = new TestDevice(dir, "true");
        String config = device.configFile.toString();
        TestImages.Image v1 = TestImages.busybox("1.0", List.of("/bin/sh"));
        TestImages.Image v2 = TestImages.image(List.of(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(v1.layers().get(0))).readAllBytes(),
                new dev.twinroot.supervisor.apps.TestLayers().file("etc/release", "1.1\n").tar()), List.of("/bin/sh"),
                "amd64");
        Path work = Files.createDirectories(dir.resolve("host"));
        Path old = Files.write(work.resolve("v1.tar"), TestImages.ociArchive(v1));
        Path delta = work.resolve("v1-to-v2.tid");
        new dev.twinroot.supervisor.apps.imagedelta.ImageDeltaBuilder(new ImagePlatform("linux", "amd64"), 1L << 30)
                .create(old, Files.write(work.resolve("v2.tar"), TestImages.ociArchive(v2)), delta, work);

        CtlRun r = CtlRun.of("apps", "load", delta.toString(), "--config", config);
        assertEquals(1, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("twinrootctl apps load: image delta: layer 0 needs layer "), r.err());
        assertTrue(r.err().contains("the delta was made for another image"), r.err());

        r = CtlRun.of("apps", "load", old.toString(), "--config", config);
        assertEquals(0, r.exit(), r.err());
        byte[] truncated = java.util.Arrays.copyOf(Files.readAllBytes(delta), (int) Files.size(delta) - 3);
        Path cut = Files.write(work.resolve("cut.tid"), truncated);
        r = CtlRun.of("apps", "load", cut.toString(), "--config", config);
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith("twinrootctl apps load: image delta: the archive ends at offset "), r.err());
        r = CtlRun.of("apps", "load", delta.toString(), "--config", config);
        assertEquals(0, r.exit(), r.err());
        assertEquals("loaded " + v2.digest() + " (2 layers) from v1-to-v2.tid\n", r.out());
    }

    @Test
    void loadApplyListLogsRestart() throws Exception {
        CtlRun r;
        assumeTrue("root".equals(System.getProperty("user.name")), "runc needs root to create namespaces");
        assumeTrue(Runc.RUNC.isPresent(), "needs runc: apt-get install runc");
        assumeTrue(TestImages.busyboxAvailable(), "needs /bin/busybox: apt-get install busybox-static");
        TestDevice device = new TestDevice(dir, "true");
        String config = device.configFile.toString();
        r = CtlRun.of("apps", "list", "--config", config);
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("twinrootctl apps list: the supervisor daemon is not running"), r.err());

        AppsSettings defaults = AppsSettings.defaults(device.data);
        AppsSettings settings = new AppsSettings(defaults.appsDir(), dir.resolve("run/runc"), Duration.ofSeconds(3),
                Duration.ofSeconds(1), Duration.ofSeconds(20), Duration.ofSeconds(30), 1L << 30, 1L << 20);
        AppManager manager = new AppManager(settings, new Runc(settings.runtimeState()),
                new LockFiles(dir.resolve("locks"), LockFiles.PROC_LOCKS), CgroupSupport.detect(),
                new ImagePlatform("linux", "amd64"), dev.twinroot.platform.Platform.linux().fileSync(),
                InstantSource.system());
        try (AppsWiring apps = AppsWiring.over(manager);
             ApiServer server = ApiServer.start(Optional.empty(), Optional.of(device.socket),
                     new ApiRoutes(new NoDevice(), ApiToken.loadOrCreate(device.tokenFile), Optional.of(apps.api())),
                     Duration.ofSeconds(5), Clock.systemUTC())) {
            TestImages.Image image = TestImages.busybox("1.0", List.of("/bin/sh", "-c",
                    "echo started $GREETING; while true; do sleep 1; done"));
            Path archive = Files.write(dir.resolve("app.tar"), TestImages.ociArchive(image));
            r = CtlRun.of("apps", "load", archive.toString(), "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertEquals("loaded " + image.digest() + " (2 layers) from app.tar\n", r.out());

            Path target = Files.writeString(dir.resolve("target.json"), "{\"formatVersion\":1,\"release\":\"r1\","
                    + "\"services\":{\"app\":{\"image\":\"acme/app@" + image.digest() + "\",\"environment\":"
                    + "{\"GREETING\":\"hello\"}}}}");
            r = CtlRun.of("apps", "apply", target.toString(), "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertEquals("applying release r1\n", r.out());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !r.out().contains("release r1 applied")) {
                Thread.sleep(300);
                r = CtlRun.of("apps", "list", "--json", "--config", config);
                assertEquals(0, r.exit(), r.err());
            }
            assertTrue(r.out().contains("\"lastApply\" : \"release r1 applied, changed app\""), r.out());
            r = CtlRun.of("apps", "list", "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("release:    r1\n"), r.out());
            assertTrue(r.out().matches("(?s).*\napp +running +none +0  app-1 +acme/app@sha256:.*"), r.out());

            r = CtlRun.of("apps", "logs", "app", "--lines", "5", "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("started hello"), r.out());
            r = CtlRun.of("apps", "restart", "app", "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertEquals("service app restarted\n", r.out());
            r = CtlRun.of("apps", "logs", "nosuch", "--config", config);
            assertEquals(1, r.exit(), r.err());
            assertEquals("twinrootctl apps logs: the daemon answered 404: no service named nosuch in the current release\n",
                    r.err());
            // The next version arrives as an image delta and runs from the store under its registry digest.
            TestImages.Image next = TestImages.image(List.of(
                    new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(image.layers().get(0))).readAllBytes(),
                    new dev.twinroot.supervisor.apps.TestLayers().file("etc/release", "1.1\n").tar()),
                    List.of("/bin/sh", "-c", "echo release $(cat /etc/release); while true; do sleep 1; done"), "amd64");
            Path host = Files.createDirectories(dir.resolve("host"));
            Path delta = host.resolve("app-1.1.tid");
            new dev.twinroot.supervisor.apps.imagedelta.ImageDeltaBuilder(new ImagePlatform("linux", "amd64"), 1L << 30)
                    .create(archive, Files.write(host.resolve("next.tar"), TestImages.ociArchive(next)), delta, host);
            r = CtlRun.of("apps", "load", delta.toString(), "--config", config);
            assertEquals(0, r.exit(), r.err());
            Path target2 = Files.writeString(dir.resolve("target2.json"), "{\"formatVersion\":1,\"release\":\"r2\","
                    + "\"services\":{\"app\":{\"image\":\"acme/app@" + next.digest() + "\"}}}");
            r = CtlRun.of("apps", "apply", target2.toString(), "--config", config);
            assertEquals(0, r.exit(), r.err());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !r.out().contains("release r2 applied")) {
                Thread.sleep(300);
                r = CtlRun.of("apps", "list", "--json", "--config", config);
                assertEquals(0, r.exit(), r.err());
            }
            assertTrue(r.out().contains("release r2 applied"), r.out());
            r = CtlRun.of("apps", "logs", "app", "--lines", "5", "--config", config);
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("release 1.1"), r.out());

            Path bad = Files.writeString(dir.resolve("bad.json"), "{\"formatVersion\":1,\"release\":\"r3\",\"services\":"
                    + "{\"app\":{\"image\":\"busybox:latest\"}}}");
            r = CtlRun.of("apps", "apply", bad.toString(), "--config", config);
            assertEquals(1, r.exit(), r.err());
            assertTrue(r.err().startsWith("twinrootctl apps apply: services.app.image: expected NAME@sha256:DIGEST"),
                    r.err());
            r = CtlRun.of("apps", "restart", "../x", "--config", config);
            assertEquals(2, r.exit(), r.err());
        }
    }

    /** The device endpoints are not under test here. */
    static final class NoDevice extends UnansweredDevice {
    }
}
