package dev.twinroot.qemu.product;

import dev.twinroot.qemu.ConsoleLine;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.agent.ChannelException;
import dev.twinroot.supervisor.agent.ChannelIndex;
import dev.twinroot.supervisor.agent.ChannelIndexParser;
import dev.twinroot.supervisor.api.Wire;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * [delta-update] as a fleet device gets an update: the host publishes a signed channel for the two releases
 * ({@link ReleaseChannel}) and serves it; the device on the first release, once committed, is asked to check now
 * ({@code twinrootctl check-update}, instead of waiting up to a minute for the agent's first poll); its update agent
 * fetches the index and its signature, picks the delta from the version it runs, installs it through the
 * installer and reboots by itself (policy {@code immediate}); slot B boots and is committed. Then the daemon's
 * resident memory is read from the guest's {@code /proc}.
 */
final class ChannelUpdate {

    /** The agent's log line when a check ended, and when one failed. */
    private static final Pattern CHECKED = Pattern.compile("update check: (.*)$");
    private static final Pattern CHECK_ENDED = Pattern.compile("update check: installed .*$|update check failed.*$");
    /** Generous: a delta install hashes the 448 MiB source, applies and verifies under TCG on a loaded host. */
    private static final Duration INSTALL = Duration.ofMinutes(25);
    /** The agent's first poll comes within a minute of the daemon's start; the daemon may start late under load. */
    private static final Duration FIRST_CHECK = Duration.ofMinutes(6);
    private static final Duration COMPLETE = Duration.ofSeconds(2);

    private final ScenarioContext ctx;
    private final Release v1;
    private final Release v2;

    ChannelUpdate(ScenarioContext ctx, Release v1, Release v2) {
        this.ctx = ctx;
        this.v1 = v1;
        this.v2 = v2;
    }

    void run() throws IOException {
        long begin = System.nanoTime();
        ReleaseChannel channel = ReleaseChannel.publish(ctx.releases(), List.of(v1, v2));
        ChannelIndex.Release announced = announced(channel);
        ChannelIndex.Delta delta = announced.deltas().stream().filter(d -> d.from().equals(v1.version())).findFirst()
                .orElseThrow(() -> new AssertionError("the channel has no delta from " + v1.version()));
        String deltaName = delta.url().getPath().substring(1);
        String bundleName = announced.bundle().url().getPath().substring(1);
        ctx.step((channel.publishedNow() ? "published" : "took the published") + " channel " + channel.directory()
                + ": " + announced.version() + ", full bundle " + announced.bundle().size() + " bytes, delta from "
                + delta.from() + " " + delta.size() + " bytes");
        Expect.equal("delta file size", Files.size(channel.directory().resolve(deltaName.substring("channel/".length()))),
                delta.size());
        try (FileServer server = new FileServer()) {
            server.serveDirectory("channel", channel.directory());
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(ctx.releases().settledDisk(v1)));
            TwinrootGuest guest = new TwinrootGuest(device);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            ctx.step("asking the update agent to check " + ReleaseRecipe.CHANNEL + " now: twinrootctl check-update");
            long start = System.nanoTime();
            GuestResult asked = guest.run("twinrootctl check-update", Duration.ofMinutes(5)).requireSuccess();
            ctx.step(asked.output().isEmpty() ? "asked" : asked.output().get(asked.output().size() - 1));
            String installed = awaitInstall(device);
            ctx.step("the update agent: " + installed);
            Expect.equal("what the agent installed", "installed " + v2.version() + " (delta)", installed);
            Expect.that("the agent's install made the new slot's class-data archive before the reboot",
                    device.console().lines().stream().anyMatch(l -> l.text().contains(
                            "class-data archive for slot B made: ")));
            device.console().waitFor("rebooting: update " + v2.version() + " installed", Duration.ofMinutes(2));
            ctx.step("the supervisor reboots by itself (policy immediate)");
            TwinrootGuest.SlotBoot boot = guest.awaitSlotBoot();
            ctx.step("U-Boot boots slot " + boot.slot() + " (tries left " + boot.triesLeft() + ")");
            Expect.equal("slot booted after the agent's reboot", "B", boot.slot());
            String verdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the trial boot of B: " + verdict);
            Expect.equal("assessment of the trial boot", "committed", verdict);
            UpdateSteps.expectClassDataMapped(ctx, device, guest, "the trial boot of B");
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            String checkOnB = awaitCheckSince(device, boot.millis());
            ctx.step("the update agent on B checked the channel: " + checkOnB);
            Expect.equal("B's agent's check", "running the channel's release " + v2.version(), checkOnB);

            Wire.StatusResponse status = UpdateSteps.expectUpdated(ctx, guest, "B", v2);
            Wire.AgentView updates = status.updates().orElseThrow(() -> new AssertionError("no updates section in status"));
            Expect.equal("channel in status", ReleaseRecipe.CHANNEL, updates.channel());
            Expect.that("last check in status", updates.lastCheck().isPresent());
            Expect.equal("last check's result in status", Optional.of(checkOnB), updates.lastResult());

            long index = server.requests("channel/index.json");
            long signature = server.requests("channel/index.json.sig");
            long deltaBytes = server.bytesSent(deltaName);
            ctx.step("the server sent: index.json " + index + " time(s), index.json.sig " + signature + " time(s), the"
                    + " delta " + deltaBytes + " bytes in " + server.requests(deltaName) + " request(s), the full bundle "
                    + server.bytesSent(bundleName) + " bytes");
            Expect.that("index fetched by A's agent and by B's (" + index + ")", index >= 2);
            Expect.equal("signature fetches (one per index fetch)", index, signature);
            Expect.equal("delta bytes downloaded", delta.size(), deltaBytes);
            Expect.equal("delta requests", 1L, server.requests(deltaName));
            Expect.equal("full bundle requests", 0L, server.requests(bundleName));
            Expect.that("the delta (" + deltaBytes + " bytes) is under a tenth of the full bundle ("
                    + announced.bundle().size() + " bytes)", deltaBytes * 10 < announced.bundle().size());
            ctx.note("delta-update: through the channel, downloaded " + deltaBytes + " bytes (full bundle "
                    + announced.bundle().size() + "); check-update to B committed " + seconds + " s; scenario "
                    + (System.nanoTime() - begin) / 1_000_000_000 + " s");
            new DaemonFootprint(ctx, guest).measure();
        }
    }

    /** The index as the devices read it, with the device's own parser. */
    private ChannelIndex.Release announced(ReleaseChannel channel) throws IOException {
        ChannelIndex index;
        try {
            index = ChannelIndexParser.parse(Files.readAllBytes(channel.index()), URI.create(ReleaseRecipe.CHANNEL));
        } catch (ChannelException e) {
            throw new QemuException("the published channel index does not parse: " + e.getMessage());
        }
        Expect.equal("device types in the channel", 1, index.devices().size());
        ChannelIndex.Release release = index.devices().values().iterator().next();
        Expect.equal("the channel's release", v2.version(), release.version());
        return release;
    }

    /**
     * The result of the agent's check that installed something. A check that failed because A was not committed
     * yet (the agent's own first poll can come before the assessment ends) is skipped: the agent retries.
     */
    private static String awaitInstall(Device device) throws QemuException {
        while (true) {
            String text = complete(device, device.console().waitFor(CHECK_ENDED, INSTALL));
            text = text.substring(text.indexOf("update check"));
            if (text.startsWith("update check: ")) {
                return text.substring("update check: ".length());
            }
            if (!text.contains("not committed")) {
                throw new AssertionError("the update agent's check failed: " + text);
            }
        }
    }

    /** The result of the agent's first check since {@code millis}, on the console already or still to come. */
    private static String awaitCheckSince(Device device, long millis) throws QemuException {
        for (ConsoleLine line : device.console().lines()) {
            if (line.millis() >= millis && CHECKED.matcher(line.text()).find()) {
                return result(complete(device, line));
            }
        }
        return result(complete(device, device.console().waitFor(CHECKED, FIRST_CHECK)));
    }

    /**
     * The whole text of a line a wait matched: the console matches a line still being printed, and the serial port
     * may have delivered only part of it. The supervisor writes a log record in one write, so a moment later the
     * line is complete.
     */
    private static String complete(Device device, ConsoleLine matched) throws QemuException {
        try {
            Thread.sleep(COMPLETE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while reading the console");
        }
        return device.console().lines().stream()
                .filter(l -> l.millis() == matched.millis() && l.text().startsWith(matched.text()))
                .map(ConsoleLine::text).findFirst().orElse(matched.text());
    }

    private static String result(String line) {
        var m = CHECKED.matcher(line);
        if (!m.find()) {
            throw new IllegalStateException("a line the pattern found no longer matches");
        }
        return m.group(1);
    }
}
