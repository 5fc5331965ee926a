package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.twinroot.cli.KeysDevCaCommandTest.Result;
import dev.twinroot.image.Ext4Image;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.agent.ChannelClient;
import dev.twinroot.supervisor.agent.PollSchedule;
import dev.twinroot.supervisor.agent.RebootPolicy;
import dev.twinroot.supervisor.agent.UpdateAgent;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.daemon.Daemon;
import dev.twinroot.supervisor.daemon.Environment;
import dev.twinroot.supervisor.daemon.Wiring;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.supervisor.watchdog.Heartbeat;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code twinroot channel publish} on three releases built as real ext4 images, then the supervisor's update
 * agent on a device with file-backed slots, with the daemon's real adapters (index signature, installer),
 * polling the channel from a loopback HTTP server.
 */
class ChannelPublishTest {

    static final long IMAGE_SIZE = 8L << 20;
    static final long SLOT_SIZE = 10L << 20;

    @TempDir
    Path dir;
    Path keys;
    Path keyring;
    Path channel;
    final Path[] images = new Path[3];
    final Path[] bundles = new Path[3];
    final List<String> requests = new CopyOnWriteArrayList<>();
    HttpServer server;

    @BeforeEach
    void publishThreeReleases() throws IOException {
        keys = dir.resolve("keys");
        assertEquals(0, run("keys", "dev-ca", "--out", keys.toString()).exit());
        keyring = Files.createDirectory(dir.resolve("keyring"));
        Files.copy(keys.resolve("ca.pem"), keyring.resolve("fleet.pem"));
        String[] versions = {"1.0.0", "1.1.0", "1.2.0"};
        for (int i = 0; i < 3; i++) {
            images[i] = release(i, dir.resolve("rootfs-" + versions[i] + ".ext4"));
            bundles[i] = dir.resolve("os-" + versions[i] + ".twb");
            Result r = run("bundle", "create", "--compatible", "qemu-arm64", "--version", versions[i],
                    "--slot-image", "rootfs=" + images[i], "--key", keys.resolve("signing.key").toString(),
                    "--cert", keys.resolve("signing.pem").toString(), "-o", bundles[i].toString());
            assertEquals(0, r.exit(), r.err());
        }
        channel = dir.resolve("www/channels/stable");
        // Given out of order: publish sorts by version.
        Result p = run("channel", "publish", "--key", keys.resolve("signing.key").toString(), "--cert",
                keys.resolve("signing.pem").toString(), "--keyring", keyring.toString(), "--out", channel.toString(),
                "--keep", "2", bundles[2].toString(), bundles[0].toString(), bundles[1].toString());
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.out().startsWith("qemu-arm64 1.2.0: bundles/qemu-arm64-1.2.0.twb ("), p.out());
        assertTrue(p.out().contains("  delta from 1.1.0: deltas/qemu-arm64-1.1.0-1.2.0.twb ("), p.out());
        assertTrue(p.out().contains("  delta from 1.0.0: deltas/qemu-arm64-1.0.0-1.2.0.twb ("), p.out());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            requests.add(path);
            Path file = channel.getParent().getParent().resolve(path.substring(1)).normalize();
            if (!file.startsWith(channel) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream o = exchange.getResponseBody()) {
                Files.copy(file, o);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static Result run(String... args) {
        return KeysDevCaCommandTest.run(args);
    }

    /** Release i: the same tree each time, one config file and one binary-ish file changed per release. */
    private Path release(int i, Path image) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree-" + i));
        Files.createDirectories(tree.resolve("etc"));
        Files.createDirectories(tree.resolve("usr/lib/app"));
        Files.writeString(tree.resolve("etc/os-release"), "ID=twinroot\nIMAGE_VERSION=1." + i + ".0\n");
        byte[] lib = new byte[600_000];
        new Random(11).nextBytes(lib);
        for (int k = 0; k < i * 40; k++) {
            lib[k * 997] ^= (byte) (k + 1);
        }
        Files.write(tree.resolve("usr/lib/app/libapp.so"), lib);
        byte[] data = new byte[20_000];
        new Random(20 + i).nextBytes(data);
        Files.write(tree.resolve("usr/lib/app/model-" + i + ".bin"), data);
        new Ext4Image(new Ext4Image.Options("rootfs", UUID.fromString("6f1c0c53-2c86-4bb5-9d67-8a1d6c1b0001"),
                UUID.fromString("6f1c0c53-2c86-4bb5-9d67-8a1d6c1b0002"), 1_700_000_000L, OptionalLong.of(IMAGE_SIZE)))
                .build(tree, image);
        return image;
    }

    /** A device running release 1.0.0 from slot A, committed, with an empty slot B. */
    private record Device(Path data, SystemConfig config, Wiring wiring, Path slotA, Path slotB, Path bootState,
                          Path configFile) {}

    private Device device() throws IOException {
        Path root = Files.createDirectories(dir.resolve("device"));
        Path slotA = root.resolve("slot-a.img");
        Path slotB = root.resolve("slot-b.img");
        byte[] a = Arrays.copyOf(Files.readAllBytes(images[0]), (int) SLOT_SIZE);
        Files.write(slotA, a);
        Files.write(slotB, new byte[(int) SLOT_SIZE]);
        Path bootState = root.resolve("boot-state.env");
        new FileBootStateStore(bootState).initialize(BootState.defaults());
        Path osRelease = Files.writeString(root.resolve("os-release"), "ID=twinroot\nIMAGE_VERSION=1.0.0\n");
        Path data = Files.createDirectories(root.resolve("data"));
        Path config = Files.writeString(root.resolve("system.json"), """
                {
                  "formatVersion": 1,
                  "compatible": "qemu-arm64",
                  "slots": {"A": {"file": "%s"}, "B": {"file": "%s"}},
                  "bootControl": {"backend": "file", "path": "%s"},
                  "keyring": "%s",
                  "osRelease": "%s",
                  "dataDir": "%s",
                  "api": {"port": 0, "socket": "%s", "tokenFile": "%s"},
                  "health": {"deadlineSeconds": 30},
                  "updates": {"channel": "http://127.0.0.1:%d/channels/stable/index.json", "pollIntervalSeconds": 3600}
                }
                """.formatted(slotA, slotB, bootState, keyring, osRelease, data, root.resolve("api.sock"),
                root.resolve("api-token"), server.getAddress().getPort()),
                StandardCharsets.UTF_8);
        SystemConfig c = ConfigLoader.load(config);
        Wiring w = Wiring.forDevice(c, new SystemConfigParser().read(config), Platform.linux(), Slot.A);
        assertEquals(List.of(), w.missing(c), "a channel is configured and every adapter is there");
        return new Device(data, c, w, slotA, slotB, bootState, config);
    }

    private UpdateAgent agent(Device d, List<String> reboots) {
        return new UpdateAgent(d.config().updates().channelUri().orElseThrow(), d.config().compatible(), "1.0.0",
                new ChannelClient(Duration.ofSeconds(15), Duration.ofSeconds(60)),
                d.wiring().indexSignature().orElseThrow(), d.wiring().installer().orElseThrow(),
                new RebootPolicy.Immediate(), reboots::add,
                new PollSchedule(Duration.ofHours(1), Duration.ofSeconds(30), 0.1, new Random(1)), Clock.systemUTC(),
                new Heartbeat("update-agent", Duration.ofMinutes(5), Clock.systemUTC()));
    }

    private static String lastResult(UpdateAgent agent) {
        return agent.view().lastResult().orElseThrow();
    }

    @Test
    void theIndexListsTheLatestReleaseItsBundleAndDeltasFromTheLastTwoReleases() throws IOException {
        JsonNode index = new ObjectMapper().readTree(channel.resolve("index.json").toFile());
        assertEquals(1, index.get("formatVersion").asInt());
        JsonNode dev = index.get("devices").get("qemu-arm64");
        assertEquals("1.2.0", dev.get("version").asText());
        assertEquals("bundles/qemu-arm64-1.2.0.twb", dev.get("bundle").get("url").asText());
        assertEquals(Files.size(bundles[2]), dev.get("bundle").get("size").asLong());
        assertEquals("1.1.0", dev.get("deltas").get(0).get("from").asText());
        assertEquals("1.0.0", dev.get("deltas").get(1).get("from").asText());
        long delta = dev.get("deltas").get(0).get("size").asLong();
        assertTrue(delta < Files.size(bundles[2]) / 4, "a delta of a small change is small: " + delta + " bytes");
        assertTrue(Files.isRegularFile(channel.resolve("index.json.sig")));

        // Publishing again keeps the deltas, so a device downloading one is not disturbed.
        byte[] before = Files.readAllBytes(channel.resolve("deltas/qemu-arm64-1.0.0-1.2.0.twb"));
        Result again = run("channel", "publish", "--key", keys.resolve("signing.key").toString(), "--cert",
                keys.resolve("signing.pem").toString(), "--keyring", keyring.toString(), "--out", channel.toString(),
                "--keep", "2", bundles[0].toString(), bundles[1].toString(), bundles[2].toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("delta from 1.0.0: deltas/qemu-arm64-1.0.0-1.2.0.twb (" + before.length
                + " bytes, kept)"), again.out());
        assertArrayEquals(before, Files.readAllBytes(channel.resolve("deltas/qemu-arm64-1.0.0-1.2.0.twb")));
    }

    @Test
    void theAgentPicksTheDeltaFromTheRunningVersionAndTheInstalledSlotIsTheLatestImage() throws IOException {
        Device d = device();
        List<String> reboots = new CopyOnWriteArrayList<>();
        UpdateAgent agent = agent(d, reboots);
        agent.requestCheck();
        agent.step();

        assertEquals("installed 1.2.0 (delta)", lastResult(agent));
        assertEquals(List.of("/channels/stable/index.json", "/channels/stable/index.json.sig",
                "/channels/stable/deltas/qemu-arm64-1.0.0-1.2.0.twb"), requests);
        byte[] latest = Files.readAllBytes(images[2]);
        assertArrayEquals(latest, Arrays.copyOf(Files.readAllBytes(d.slotB()), latest.length));
        assertEquals(Slot.B, new FileBootStateStore(d.bootState()).read().primary());
        PendingUpdate pending = new StateDir(d.config().dataPath()).loadPending().orElseThrow();
        assertEquals("1.2.0", pending.version());
        assertEquals("1.0.0", pending.fromVersion().orElseThrow());
        assertEquals("B", pending.targetSlot());

        agent.step();
        assertEquals(List.of("update 1.2.0 installed"), reboots, "the immediate policy reboots at once");
    }

    @Test
    void aDeltaThatFailsFallsBackToTheFullBundle() throws IOException {
        Path delta = channel.resolve("deltas/qemu-arm64-1.0.0-1.2.0.twb");
        byte[] b = Files.readAllBytes(delta);
        b[b.length - 100] ^= 0x40;
        Files.write(delta, b);
        Device d = device();
        UpdateAgent agent = agent(d, new CopyOnWriteArrayList<>());
        agent.requestCheck();
        agent.step();

        assertEquals("installed 1.2.0 (full bundle, the delta from 1.0.0 failed)", lastResult(agent));
        assertTrue(requests.contains("/channels/stable/deltas/qemu-arm64-1.0.0-1.2.0.twb"), requests.toString());
        assertEquals("/channels/stable/bundles/qemu-arm64-1.2.0.twb", requests.get(requests.size() - 1));
        byte[] latest = Files.readAllBytes(images[2]);
        assertArrayEquals(latest, Arrays.copyOf(Files.readAllBytes(d.slotB()), latest.length));
        assertEquals(Slot.B, new FileBootStateStore(d.bootState()).read().primary());
    }

    @Test
    void aTamperedIndexIsRefusedAndNothingIsInstalled() throws IOException {
        Path index = channel.resolve("index.json");
        String text = Files.readString(index);
        // Point the device at the full bundle instead of the delta: still a valid index, not the signed one.
        Files.writeString(index, text.replace("\"from\" : \"1.0.0\"", "\"from\" : \"0.9.0\""));
        Device d = device();
        UpdateAgent agent = agent(d, new CopyOnWriteArrayList<>());
        agent.requestCheck();
        agent.step();

        String result = lastResult(agent);
        assertTrue(result.startsWith("failed: channel index signature (index.json.sig): no trusted signature on the"
                + " index"), result);
        assertEquals(List.of("/channels/stable/index.json", "/channels/stable/index.json.sig"), requests);
        assertArrayEquals(new byte[(int) SLOT_SIZE], Files.readAllBytes(d.slotB()), "slot B untouched");
        assertEquals(Slot.A, new FileBootStateStore(d.bootState()).read().primary());
        assertFalse(Files.exists(d.data().resolve("install-journal.json")), "the installer never ran");
        assertTrue(new StateDir(d.config().dataPath()).loadPending().isEmpty());
    }

    @Test
    void publishRefusesWhatDevicesWouldRefuseOrCannotUse() throws IOException {
        String key = keys.resolve("signing.key").toString();
        String cert = keys.resolve("signing.pem").toString();
        Path out = dir.resolve("other");
        Result twice = run("channel", "publish", "--key", key, "--cert", cert, "--keyring", keyring.toString(),
                "--out", out.toString(), bundles[0].toString(), bundles[0].toString());
        assertEquals(1, twice.exit());
        assertTrue(twice.err().contains("two bundles of qemu-arm64 version 1.0.0"), twice.err());

        Result delta = run("channel", "publish", "--key", key, "--cert", cert, "--keyring", keyring.toString(),
                "--out", out.toString(), channel.resolve("deltas/qemu-arm64-1.1.0-1.2.0.twb").toString());
        assertEquals(1, delta.exit());
        assertTrue(delta.err().contains("a release must be a bundle with exactly one full payload; this one has"
                + " [delta]"), delta.err());

        Path otherCa = dir.resolve("other-ca");
        assertEquals(0, run("keys", "dev-ca", "--out", otherCa.toString(), "--name", "other").exit());
        Path otherRing = Files.createDirectory(dir.resolve("other-ring"));
        Files.copy(otherCa.resolve("ca.pem"), otherRing.resolve("other.pem"));
        Result untrusted = run("channel", "publish", "--key", key, "--cert", cert, "--keyring", otherRing.toString(),
                "--out", out.toString(), bundles[0].toString());
        assertEquals(1, untrusted.exit());
        assertTrue(untrusted.err().contains("no trusted signature"), untrusted.err());

        // Bundles the devices trust, but an index key they do not: nothing is published.
        Result wrongKey = run("channel", "publish", "--key", otherCa.resolve("signing.key").toString(), "--cert",
                otherCa.resolve("signing.pem").toString(), "--keyring", keyring.toString(), "--out", out.toString(),
                bundles[0].toString());
        assertEquals(1, wrongKey.exit());
        assertTrue(wrongKey.err().contains("no trusted signature"), wrongKey.err());
        assertFalse(Files.exists(out), "nothing was written");

        assertEquals(2, run("channel", "publish", "--key", key, "--cert", cert, "--keyring", keyring.toString(),
                "--out", out.toString(), "--keep", "-1", bundles[0].toString()).exit());
    }

    @Test
    void theNextBootOfTheNewSlotIsCommittedAndRaisesTheAntiRollbackFloor() throws Exception {
        Device d = device();
        UpdateAgent agent = agent(d, new CopyOnWriteArrayList<>());
        agent.requestCheck();
        agent.step();
        assertEquals("installed 1.2.0 (delta)", lastResult(agent));

        // Reboot: the bootloader picks B, the first in BOOT_ORDER, and takes one of its tries.
        new FileBootStateStore(d.bootState()).update(s -> s.withTriesLeft(Slot.B, s.triesLeft(Slot.B) - 1));
        Path root = d.data().getParent();
        Path mountinfo = Files.writeString(root.resolve("mountinfo"), "22 1 254:3 / / ro,relatime - ext4 /dev/vda3 ro\n"
                + "28 22 254:4 / " + d.data() + " rw,relatime - ext4 /dev/vda4 rw\n");
        Path bootId = Files.writeString(root.resolve("boot_id"), "1f0e9a52-7c4b-4f1e-9a77-3c2d1b0a9f8e\n");
        SystemConfig c = d.config();
        Wiring booted = Wiring.forDevice(c, new SystemConfigParser().read(d.configFile()), Platform.linux(), Slot.B);
        try (Daemon daemon = Daemon.start(c, booted, new Environment(bootId, mountinfo, Path.of("/proc/locks"),
                Clock.systemUTC()), Clock.systemUTC())) {
            daemon.awaitAssessment(Duration.ofSeconds(60));
            assertInstanceOf(AssessmentState.Committed.class, daemon.assessed().orElseThrow());
        }
        assertEquals("1.2.0\n", Files.readString(d.data().resolve("rollback-floor")));
        BootState state = new FileBootStateStore(d.bootState()).read();
        assertEquals(Slot.B, state.primary());
        assertEquals(BootContract.DEFAULT_TRIES, state.triesLeft(Slot.B), "marked good");
        StateDir records = new StateDir(c.dataPath());
        assertTrue(records.loadPending().isEmpty());
        assertEquals("1.2.0", records.lastUpdate().orElseThrow().version().orElseThrow());

        // The floor now refuses the older release, whatever its signature.
        IOException refused = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
                () -> dev.twinroot.updater.install.Device.running(new SystemConfigParser().read(d.configFile()),
                        Platform.linux(), Slot.B).installer(Platform.linux(), InstallProgress.NONE)
                        .install(bundles[1].toString()));
        assertTrue(refused.getMessage().contains("below this device's anti-rollback floor 1.2.0"),
                refused.getMessage());
    }
}
