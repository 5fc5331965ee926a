package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A good update: the device fetches the signed bundle of the next release from the host over HTTP, installs it into
 * slot B while A keeps running, reboots into B, and the supervisor commits B. Status then says B, the new version
 * and a successful update. The full bundle and the dropped download are installed with {@code twinrootctl install
 * URL}, the device's channel served nowhere (its update agent's checks fail and back off); the delta arrives
 * through the channel, as a fleet device gets it: {@link ChannelUpdate}.
 */
public final class UpdateScenario implements Scenario {

    /** Which bundle of the next release the device downloads, and how. */
    public enum Bundle {
        FULL("full-update", "full update over HTTP: install into B, reboot into B, commit; status says B and version N+1"),
        DELTA("delta-update", "delta update through the signed channel: the update agent picks the delta from 1.0.0,"
                + " installs it and reboots by itself; a small fraction of the full bundle's bytes"),
        DELTA_NETWORK_DROP("resume-download",
                "the network drops half-way through the download: it resumes (Range) where it stopped and completes");

        private final String id;
        private final String summary;

        Bundle(String id, String summary) {
            this.id = id;
            this.summary = summary;
        }
    }

    private final Bundle bundle;

    public UpdateScenario(Bundle bundle) {
        this.bundle = bundle;
    }

    @Override
    public String id() {
        return bundle.id;
    }

    @Override
    public String summary() {
        return bundle.summary;
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Release v2 = ctx.releases().get(ReleaseRecipe.V2);
        if (bundle == Bundle.DELTA) {
            new ChannelUpdate(ctx, v1, v2).run();
            return;
        }
        long begin = System.nanoTime();
        Path file = bundle == Bundle.FULL ? v2.fullBundle() : v2.deltaBundle();
        String name = "os-" + v2.version() + (bundle == Bundle.FULL ? ".bundle" : ".delta.bundle");
        try (FileServer server = new FileServer()) {
            String url = server.serve(name, file);
            if (bundle == Bundle.DELTA_NETWORK_DROP) {
                server.dropOnceAfter(name, Files.size(file) / 2);
            }
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(ctx.releases().settledDisk(v1)));
            TwinrootGuest guest = new TwinrootGuest(device);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            ctx.step("installing " + v2.version() + " from " + url + " (" + (bundle == Bundle.FULL ? "full" : "delta")
                    + " bundle, " + Files.size(file) + " bytes; the full bundle is " + Files.size(v2.fullBundle())
                    + ") into the other slot");
            long start = System.nanoTime();
            GuestResult install = guest.install(url).requireSuccess();
            long seconds = (System.nanoTime() - start) / 1_000_000_000;
            ctx.step(install.output().isEmpty() ? "installed" : install.output().get(install.output().size() - 1));
            long downloaded = server.bytesSent(name);
            ctx.step("downloaded " + downloaded + " bytes in " + server.requests(name) + " request(s), " + seconds + " s");
            ctx.note(id() + ": downloaded " + downloaded + " bytes (full bundle " + Files.size(v2.fullBundle())
                    + "), install took " + seconds + " s");
            // Exactly the file's size, also when the connection dropped: the second request resumed at the first's end.
            Expect.equal("bytes downloaded", Files.size(file), downloaded);
            Expect.equal("HTTP requests", bundle == Bundle.DELTA_NETWORK_DROP ? 2L : 1L, server.requests(name));
            if (bundle != Bundle.FULL) {
                Expect.that("the delta download (" + downloaded + " bytes) is under a tenth of the full bundle ("
                        + Files.size(v2.fullBundle()) + " bytes)", downloaded * 10 < Files.size(v2.fullBundle()));
            }

            Expect.that("the install made the new slot's class-data archive before the reboot: "
                    + String.join(" | ", install.output()), install.output().stream()
                    .anyMatch(l -> l.startsWith("class-data archive for slot B made: ")));

            UpdateSteps.rebootInto(ctx, guest, "B");
            String verdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the trial boot of B: " + verdict);
            Expect.equal("assessment of the trial boot", "committed", verdict);
            UpdateSteps.expectClassDataMapped(ctx, device, guest, "the trial boot of B");
            Wire.StatusResponse status = UpdateSteps.expectUpdated(ctx, guest, "B", v2);
            expectBackoff(ctx, server, device, Duration.ofNanos(System.nanoTime() - begin));
        }
    }

    /**
     * The releases poll a channel this scenario does not serve: each check is one 404 for the index and one warning
     * in the log, retried after 30 s, 60 s, 120 s... (±10 %), the first within a minute of each daemon start. Over
     * {@code elapsed} and the two daemon runs (A, then B) that is at most {@code 2 + log2(elapsed / 27 s)} checks
     * per run; a flood would exceed it.
     */
    private void expectBackoff(ScenarioContext ctx, FileServer server, Device device, Duration elapsed) {
        long polls = server.requests("channel/index.json");
        long warnings = device.console().lines().stream().filter(l -> l.text().contains("update check failed")).count();
        long bound = 2 * (2 + (long) Math.ceil(Math.log(Math.max(1, elapsed.toSeconds() / 27.0)) / Math.log(2)));
        ctx.step("the update agent checked the unserved channel " + polls + " time(s) in " + elapsed.toSeconds()
                + " s (HTTP 404), " + warnings + " warning(s) on the console");
        ctx.note(id() + ": " + polls + " channel check(s) answered 404 in " + elapsed.toSeconds() + " s, "
                + warnings + " console warning(s)");
        Expect.that("channel checks (" + polls + ") back off: at most " + bound + " in " + elapsed.toSeconds() + " s",
                polls <= bound);
        Expect.that("console warnings of failed checks (" + warnings + ") back off too: at most " + bound,
                warnings <= bound);
    }
}
