package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.FakeClock;
import dev.twinroot.supervisor.watchdog.Heartbeat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The agent against a real HTTP channel on the loopback, with a fake clock driving its schedule. */
class UpdateAgentTest {

    final FakeClock clock = FakeClock.at("2026-06-01T10:00:00Z");
    final List<String> installs = new ArrayList<>();
    final List<String> reboots = new ArrayList<>();
    boolean deltasFail;
    ChannelServer server;
    UpdateAgent agent;

    /** Stands in for the updater's CMS check: the "signature" is the index's SHA-256 in hex. */
    static final IndexSignatureCheck DIGEST_SIGNATURE = (index, signature) -> {
        if (!new String(signature, StandardCharsets.US_ASCII).equals(sha256(index))) {
            throw new ChannelException.Untrusted("channel index: signature does not match", null);
        }
    };

    @BeforeEach
    void setUp() throws Exception {
        server = new ChannelServer();
        byte[] index = ChannelIndexParserTest.example().getBytes(StandardCharsets.UTF_8);
        server.on("/channels/stable/index.json", new ChannelServer.Serve(index));
        server.on("/channels/stable/index.json.sig", new ChannelServer.Serve(sha256(index).getBytes(StandardCharsets.US_ASCII)));
        Installer installer = (artifact, version, deltaFrom, alive) -> {
            alive.run();
            if (deltaFrom.isPresent() && deltasFail) {
                installs.add("failed delta from " + deltaFrom.get());
                throw new IOException("delta: source slot hash mismatch");
            }
            installs.add(version + " from " + artifact.url().getPath());
        };
        agent = new UpdateAgent(server.uri("/channels/stable/index.json"), "qemu-arm64", "1.2.0",
                new ChannelClient(Duration.ofSeconds(2), Duration.ofSeconds(2)), DIGEST_SIGNATURE, installer,
                new RebootPolicy.InWindow(MaintenanceWindow.parse("02:00-04:00", ZoneId.of("UTC"))), reboots::add,
                new PollSchedule(Duration.ofHours(1), Duration.ofSeconds(30), 0, new Random(1)), clock,
                new Heartbeat("agent", Duration.ofMinutes(5), clock));
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void pollsOnScheduleInstallsTheDeltaAndRebootsInTheWindow() {
        Instant first = agent.step();
        assertEquals(0, server.requests.get(), "nothing is fetched before the first poll is due");
        clock.set(first);
        Instant next = agent.step();
        assertEquals(List.of("1.3.0 from /channels/stable/deltas/qemu-arm64-1.2.0-1.3.0.twb"), installs);
        assertEquals(List.of(), reboots);
        assertEquals(clock.instant(), next, "installed: the reboot decision is due at once");
        Instant window = agent.step();
        assertEquals(Instant.parse("2026-06-02T02:00:00Z"), window);
        assertTrue(agent.view().waitingToReboot().orElseThrow().contains("outside the maintenance window"));
        clock.set(window);
        agent.step();
        assertEquals(List.of("update 1.3.0 installed"), reboots);
        assertEquals(2, server.requests.get(), "the index and its signature, once");
    }

    @Test
    void aFailedDeltaFallsBackToTheFullBundle() {
        deltasFail = true;
        agent.requestCheck();
        agent.step();
        assertEquals(List.of("failed delta from 1.2.0", "1.3.0 from /channels/stable/bundles/qemu-arm64-1.3.0.twb"), installs);
        assertEquals(Optional.of("installed 1.3.0 (full bundle, the delta from 1.2.0 failed)"), agent.view().lastResult());
    }

    @Test
    void aBrokenChannelBacksOffAndRecovers() {
        server.on("/channels/stable/index.json", new ChannelServer.Status(500));
        agent.requestCheck();
        Instant retry = agent.step();
        assertEquals(Duration.ofSeconds(30), Duration.between(clock.instant(), retry));
        assertTrue(agent.view().lastResult().orElseThrow().endsWith("HTTP 500"));
        clock.set(retry);
        assertEquals(Duration.ofSeconds(60), Duration.between(clock.instant(), agent.step()));
        assertEquals(List.of(), installs);
    }

    @Test
    void anIndexWhoseSignatureDoesNotMatchInstallsNothing() {
        server.on("/channels/stable/index.json.sig", new ChannelServer.Serve("0000".getBytes(StandardCharsets.US_ASCII)));
        agent.requestCheck();
        agent.step();
        assertEquals(List.of(), installs);
        assertEquals(Optional.of("failed: channel index: signature does not match"), agent.view().lastResult());
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
