package dev.twinroot.supervisor.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.UnixHttpClient;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.grow.DataGrowth;
import java.time.Instant;
import java.util.concurrent.CopyOnWriteArrayList;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {

    @TempDir
    Path dir;

    static UnixHttpClient.Response call(TestDevice d, String method, String path) throws IOException {
        return new UnixHttpClient(d.socket, Duration.ofSeconds(10))
                .send(method, path, Optional.of(ApiToken.read(d.tokenFile)), new byte[0]);
    }

    @Test
    void aHealthyBootIsCommittedAndServedOverTheApi() throws Exception {
        TestDevice device = new TestDevice(dir, "echo all good");
        Daemon daemon = device.start();
        try {
            Thread main = new Thread(() -> {
                try {
                    daemon.runMainLoop();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            main.start();
            daemon.awaitAssessment(Duration.ofSeconds(30));
            AssessmentState end = daemon.assessed().orElseThrow();
            assertInstanceOf(AssessmentState.Committed.class, end);
            assertEquals(List.of("A"), device.markedGood);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(device.tokenFile)),
                    "the daemon created an owner-only token");

            UnixHttpClient.Response status = call(device, "GET", "/v1/status");
            assertEquals(200, status.status());
            Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(status.body());
            assertEquals("daemon", s.source());
            assertEquals(Optional.of("1.0.0"), s.version());
            assertEquals("committed", s.assessment().orElseThrow().state());
            assertEquals(Optional.of("regular"), s.assessment().orElseThrow().kind());

            UnixHttpClient.Response healthy = new UnixHttpClient(device.socket, Duration.ofSeconds(5))
                    .send("GET", "/v1/healthy", Optional.empty(), new byte[0]);
            assertEquals(200, healthy.status(), new String(healthy.body()));

            Wire.LogsResponse logs = Json.reader(Wire.LogsResponse.class).readValue(call(device, "GET", "/v1/logs").body());
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("healthy: app: all good")), logs.lines().toString());

            Wire.MessageResponse again = Json.reader(Wire.MessageResponse.class)
                    .readValue(call(device, "POST", "/v1/mark-good").body());
            assertEquals("slot A is already committed", again.message());
            assertEquals(409, call(device, "POST", "/v1/update").status(), "no channel is configured");

            long until = System.nanoTime() + 5_000_000_000L;
            while (device.pets.get() == 0 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertTrue(device.pets.get() > 0, "the main loop pets the watchdog while all is alive");
            daemon.close();
            main.join(5000);
            assertTrue(!main.isAlive(), "close ends the main loop");
        } finally {
            daemon.close();
        }
        assertTrue(Files.notExists(device.socket), "the socket is removed at exit");
    }

    @Test
    void theDataPartitionIsGrownBeforeTheAssessmentAndShownInTheStatus() throws Exception {
        TestDevice device = new TestDevice(dir, "echo all good");
        DataGrowth grown = new DataGrowth(DataGrowth.GROWN, Instant.parse("2026-11-28T06:00:00Z"), Optional.of("/dev/vda4"),
                Optional.of(268435456L), Optional.of(536866816L), "ext4 grown online");
        List<String> order = new CopyOnWriteArrayList<>();
        device.dataGrower = Optional.of(() -> {
            order.add("grow, assessment " + (Files.exists(device.data.resolve("twinroot/assessment.json")) ? "begun" : "not begun"));
            return grown;
        });
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            assertEquals(List.of("grow, assessment not begun"), order);
            Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(call(device, "GET", "/v1/status").body());
            assertEquals(Optional.of(grown), s.dataGrowth());
            assertEquals(List.of(new Wire.SlotView("A", true, Optional.of(3), false),
                    new Wire.SlotView("B", false, Optional.of(0), false)), s.slots(), "each slot as the boot control sees it");
            Wire.LogsResponse logs = Json.reader(Wire.LogsResponse.class).readValue(call(device, "GET", "/v1/logs").body());
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains(
                    "data partition: grown from 268435456 to 536866816 bytes (/dev/vda4)")), logs.lines().toString());
        }
    }

    @Test
    void withDataGrowOffTheGrowerIsNotCalledAndTheStatusSaysSo() throws Exception {
        TestDevice device = new TestDevice(dir, "echo all good");
        String json = Files.readString(device.configFile).replace("\"dataDir\"", "\"data\": {\"grow\": false}, \"dataDir\"");
        Files.writeString(device.configFile, json);
        device.dataGrower = Optional.of(() -> {
            throw new AssertionError("data.grow is false");
        });
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(call(device, "GET", "/v1/status").body());
            assertEquals("not grown: data.grow is false", s.dataGrowth().orElseThrow().summary());
        }
    }

    @Test
    void anUnhealthyBootIsReportedAndCanBeMarkedGoodByHand() throws Exception {
        TestDevice device = new TestDevice(dir, "echo 'sensor bus: no reply'; exit 4");
        try (Daemon daemon = device.start()) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            AssessmentState.Unhealthy u = assertInstanceOf(AssessmentState.Unhealthy.class, daemon.assessed().orElseThrow());
            assertEquals("check 'app' failed: exited with status 4: sensor bus: no reply", u.reason());
            assertEquals(List.of(), device.markedGood);
            assertEquals(List.of(), device.reboots, "a committed slot that is unhealthy does not reboot");

            UnixHttpClient.Response healthy = new UnixHttpClient(device.socket, Duration.ofSeconds(5))
                    .send("GET", "/v1/healthy", Optional.empty(), new byte[0]);
            assertEquals(503, healthy.status());
            assertTrue(new String(healthy.body()).contains("sensor bus: no reply"));

            UnixHttpClient.Response marked = call(device, "POST", "/v1/mark-good");
            assertEquals(200, marked.status(), new String(marked.body()));
            assertEquals(List.of("A"), device.markedGood);
            Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(call(device, "GET", "/v1/status").body());
            assertEquals("committed", s.assessment().orElseThrow().state());
        }
    }

    @Test
    void withoutAdaptersTheDaemonRefusesToStartAndSaysWhatIsMissing() throws Exception {
        TestDevice device = new TestDevice(dir, "true");
        SystemConfig config = device.config();
        MissingAdapterException e = assertThrows(MissingAdapterException.class,
                () -> Daemon.start(config, new Wiring(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), List.of(), Optional.empty(), Optional.empty()),
                device.environment, java.time.Clock.systemUTC()));
        assertEquals("cannot start the daemon, this build has no adapter for: boot control; reboot; anti-rollback floor;"
                + " watchdog /dev/watchdog",
                e.getMessage());
        assertTrue(Files.notExists(device.data.resolve("twinroot")), "nothing was written before refusing");
    }

    @Test
    void anInterruptedInstallIsRecoveredOnceBeforeTheBootIsAssessed() throws Exception {
        TestDevice device = new TestDevice(dir, "true");
        List<Integer> markedGoodAtRecovery = new java.util.concurrent.CopyOnWriteArrayList<>();
        Wiring base = device.wiring();
        Wiring wiring = new Wiring(base.bootChooser(), base.reboots(), base.watchdog(), Optional.empty(),
                base.sourceInstaller(), Optional.of(() -> {
                    markedGoodAtRecovery.add(device.markedGood.size());
                    return Optional.of("install of 1.1.0 into slot B: abandoned (interrupted in state write)");
                }), Optional.empty(), base.rollbackFloor(), base.lastInstall(), List.of(), base.dataGrower(), base.apps());
        try (Daemon daemon = Daemon.start(device.config(), wiring, device.environment, java.time.Clock.systemUTC())) {
            daemon.awaitAssessment(Duration.ofSeconds(30));
            assertInstanceOf(AssessmentState.Committed.class, daemon.assessed().orElseThrow());
            assertEquals(List.of(0), markedGoodAtRecovery, "recovered once, before the commit");
            Wire.LogsResponse logs = Json.reader(Wire.LogsResponse.class).readValue(call(device, "GET", "/v1/logs").body());
            assertTrue(logs.lines().stream().anyMatch(l -> l.contains("an install was interrupted: install of 1.1.0"
                    + " into slot B: abandoned")), logs.lines().toString());
        }
    }
}
