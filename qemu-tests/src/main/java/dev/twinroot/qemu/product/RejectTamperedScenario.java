package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.updater.bundle.PayloadPacker;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;

/**
 * [reject-tampered] Bundles that must not install: one with a byte of its payload changed after signing, one with
 * a byte of its signed header changed, and a correctly signed delta made against another release than the one
 * running. Each is refused with a clear message, the boot order is not touched, the device does not reboot, and
 * slot A is byte for byte what it was.
 */
public final class RejectTamperedScenario implements Scenario {

    @Override
    public String id() {
        return "reject-tampered";
    }

    @Override
    public String summary() {
        return "tampered bundles (payload byte, signed header byte) and a wrong-source delta are refused: no reboot,"
                + " boot order and A untouched";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Release v2 = ctx.releases().get(ReleaseRecipe.V2);
        Path payload = flipped(v2.deltaBundle(), ctx.directory().resolve("payload-byte.bundle"), -100);
        Path header = flipped(v2.deltaBundle(), ctx.directory().resolve("header-byte.bundle"), 200);
        Path wrongSource = ctx.releases().deltaBetween(ReleaseRecipe.UNHEALTHY, ReleaseRecipe.V2);
        try (FileServer server = new FileServer()) {
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(ctx.releases().settledDisk(v1)));
            TwinrootGuest guest = new TwinrootGuest(device);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            refused(ctx, guest, server.serve("payload-byte.bundle", payload), "a payload byte changed after signing");
            refused(ctx, guest, server.serve("header-byte.bundle", header), "a byte of the signed header changed");
            refused(ctx, guest, server.serve("wrong-source.bundle", wrongSource),
                    "a delta made against another release than the running one");

            Expect.equal("boots (no reboot after a refused bundle)", 1, device.boots());
            Wire.StatusResponse status = UpdateSteps.showStatus(ctx, guest);
            Expect.equal("first slot of the boot order", Optional.of("A"), status.primarySlot());
            Expect.equal("pending update", Optional.empty(), status.pendingUpdate());
            Expect.equal("version", Optional.of(v1.version()), status.version());

            ctx.step("rebooting: the device must come back on A");
            UpdateSteps.rebootInto(ctx, guest, "A");
            Expect.equal("assessment after the reboot", "committed", guest.awaitAssessment());
            device.shutdown(Duration.ofSeconds(30));
            Expect.equal("slot A after the refused installs (SHA-256)", PayloadPacker.measureImage(v1.slotImage()).sha256().hex(),
                    device.disk().partitionSha256("rootfs-a"));
        }
    }

    private static void refused(ScenarioContext ctx, TwinrootGuest guest, String url, String what) throws IOException {
        ctx.step("installing a bundle with " + what + ": " + url);
        GuestResult r = guest.install(url);
        String last = r.output().isEmpty() ? "(no output)" : r.output().get(r.output().size() - 1);
        ctx.step("refused with exit status " + r.status() + ": " + last);
        Expect.that("twinrootctl install of a bundle with " + what + " fails, found status " + r.status() + ": "
                + r.text(), r.status() != 0);
        String refusal = r.output().stream().filter(l -> l.startsWith("twinrootctl install: ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no 'twinrootctl install: ...' error line in: " + r.text()));
        Expect.that("the refusal names the check that failed (signature, hash, source or corrupted data), found: "
                + refusal, refusal.toLowerCase(java.util.Locale.ROOT)
                .matches(".*(signature|sha-?256|hash|digest|mismatch|source|corrupt).*"));
    }

    /** A copy of {@code bundle} with the byte at {@code offset} (negative: from the end) inverted. */
    private static Path flipped(Path bundle, Path copy, long offset) throws IOException {
        Files.copy(bundle, copy, StandardCopyOption.REPLACE_EXISTING);
        try (RandomAccessFile f = new RandomAccessFile(copy.toFile(), "rw")) {
            long at = offset < 0 ? f.length() + offset : offset;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0xff);
        }
        return copy;
    }
}
