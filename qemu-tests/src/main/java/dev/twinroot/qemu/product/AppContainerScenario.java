package dev.twinroot.qemu.product;

import dev.twinroot.image.PackageCache;
import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * [app-container] An application container survives a host-OS update. The device on release 1.0.0 downloads an
 * arm64 busybox image (an OCI archive) and a target state from the host, loads and applies them with
 * {@code twinrootctl apps}; the application notes each of its starts (with the kernel's boot id) in its volume on
 * the data partition. The host OS is then updated with the delta bundle to 2.0.0; on the trial boot of B the
 * supervisor starts the recorded release before its health checks, the application's health command is one of
 * them, and B is committed. The same release and image run again and the volume holds the first start's line
 * unchanged, followed by a start from the new boot. Two boots, one delta install.
 */
public final class AppContainerScenario implements Scenario {

    static final String RELEASE = "apps-1";
    static final String SERVICE = "recorder";
    static final String VOLUME = "recorder-data";
    /** Where the volume lives on the device: the data partition's {@code apps/volumes/NAME}. */
    static final String VOLUME_FILE = "/data/apps/volumes/" + VOLUME + "/starts";
    /**
     * Notes the start in the volume (synced: a reboot must not lose it), then waits; a shell as the container's
     * first process ignores SIGTERM unless it traps it, and the supervisor stops containers with SIGTERM.
     */
    static final List<String> COMMAND = List.of("/bin/sh", "-c", "echo \"start $(date -u +%Y-%m-%dT%H:%M:%SZ)"
            + " boot $(cat /proc/sys/kernel/random/boot_id)\" >> /data/starts; sync;"
            + " trap 'kill $!; exit 0' TERM; sleep 2147483647 & wait");

    /**
     * The periodic health check ({@code runc exec}) is not what this scenario is about, and under TCG on a loaded
     * host each one costs the one-CPU guest seconds of CPU that {@code twinrootctl} calls then lack (a status call
     * once ran into its 10 s API timeout at a host load of 20): one every 10 minutes. Applying the release and the
     * boot assessment probe it on their own.
     */
    static final int HEALTH_INTERVAL_SECONDS = 600;

    @Override
    public String id() {
        return "app-container";
    }

    @Override
    public String summary() {
        return "an app container (busybox, loaded from an OCI archive) writes its volume; after a delta update of the"
                + " host OS to B and the commit, the same app runs again and its volume data is intact";
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Release v2 = ctx.releases().get(ReleaseRecipe.V2);
        AppImage image = AppImage.busybox(PackageCache.defaultLocation(), COMMAND);
        Path archive = Files.write(ctx.directory().resolve("recorder.oci.tar"), image.archive());
        String target = "{\"formatVersion\": 1, \"release\": \"" + RELEASE + "\", \"services\": {\"" + SERVICE + "\": {"
                + "\"image\": \"acme/recorder@" + image.digest() + "\", \"volumes\": [{\"name\": \"" + VOLUME + "\","
                + " \"path\": \"/data\"}], \"healthCheck\": {\"command\": [\"/bin/test\", \"-s\", \"/data/starts\"],"
                + " \"intervalSeconds\": " + HEALTH_INTERVAL_SECONDS + ", \"timeoutSeconds\": 60}}}}\n";
        Path targetFile = Files.writeString(ctx.directory().resolve(RELEASE + ".json"), target);
        try (FileServer server = new FileServer()) {
            String archiveUrl = server.serve("recorder.oci.tar", archive);
            String targetUrl = server.serve(RELEASE + ".json", targetFile);
            String bundleUrl = server.serve("os-" + v2.version() + ".delta.bundle", v2.deltaBundle());
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(v1.disk()));
            TwinrootGuest guest = new TwinrootGuest(device);
            DeviceApps apps = new DeviceApps(guest);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            ctx.step("loading the application image " + image.digest().shortHex() + " (" + image.archive().length
                    + " bytes, arm64 busybox) from " + archiveUrl);
            long start = System.nanoTime();
            apps.download(archiveUrl, "/data/recorder.oci.tar");
            apps.load("/data/recorder.oci.tar").forEach(l -> ctx.step("  | " + l));
            ctx.step("applying release " + RELEASE + " from " + targetUrl);
            apps.download(targetUrl, "/data/" + RELEASE + ".json");
            apps.apply("/data/" + RELEASE + ".json");
            apps.awaitList("release " + RELEASE + " applied", Duration.ofMinutes(6)).forEach(l -> ctx.step("  | " + l));
            ctx.note(id() + ": image loaded and release applied in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
            Wire.AppView before = running(apps.list(), image);
            List<String> startsBefore = starts(apps);
            Expect.equal("starts noted in the volume before the update", 1, startsBefore.size());
            ctx.step("the application runs in container " + before.container().orElse("?") + " and noted: "
                    + startsBefore.get(0));

            ctx.step("installing " + v2.version() + " from " + bundleUrl + " (delta bundle) while the application runs");
            guest.install(bundleUrl).requireSuccess();
            UpdateSteps.rebootInto(ctx, guest, "B");
            String verdict = guest.awaitAssessment();
            ctx.step("the supervisor assessed the trial boot of B, applications included: " + verdict);
            Expect.equal("assessment of the trial boot", "committed", verdict);
            Wire.StatusResponse status = UpdateSteps.showStatus(ctx, guest);
            Expect.equal("booted slot", Optional.of("B"), status.bootedSlot());
            Expect.equal("version", Optional.of(v2.version()), status.version());

            Wire.AppView after = running(apps.list(), image);
            ctx.step("twinrootctl apps list --json: release " + RELEASE + ", " + after.name() + " " + after.state() + ", health "
                    + after.health() + ", container " + after.container().orElse("?") + " started at "
                    + after.startedAt().map(Object::toString).orElse("?"));
            // Container ids restart with the supervisor (recorder-1 again): the start time tells the containers apart.
            Expect.that("the container started after the update (" + after.startedAt().orElse(null) + ") is not the"
                    + " one of before (" + before.startedAt().orElse(null) + ")", after.startedAt().isPresent()
                    && before.startedAt().isPresent() && after.startedAt().get().isAfter(before.startedAt().get()));
            List<String> startsAfter = starts(apps);
            ctx.step("the volume after the update:");
            startsAfter.forEach(l -> ctx.step("  | " + l));
            Expect.equal("starts noted in the volume after the update", 2, startsAfter.size());
            Expect.equal("the line written on release " + v1.version() + ", read back on " + v2.version(),
                    startsBefore.get(0), startsAfter.get(0));
            Expect.that("the second start is from another boot: " + startsAfter.get(1),
                    !bootId(startsAfter.get(1)).equals(bootId(startsAfter.get(0))));
        }
    }

    /** The one service, running release {@link #RELEASE} from {@code image}. */
    private static Wire.AppView running(Wire.AppsResponse apps, AppImage image) {
        Expect.equal("release the device runs", Optional.of(RELEASE), apps.release());
        Expect.equal("services", 1, apps.services().size());
        Wire.AppView s = apps.services().get(0);
        Expect.equal("service", SERVICE, s.name());
        Expect.equal("service state", "running", s.state());
        Expect.equal("service image", "acme/recorder@" + image.digest(), s.image());
        return s;
    }

    /** The application's lines in its volume (console log lines that interleave are left out). */
    private static List<String> starts(DeviceApps apps) throws Exception {
        return apps.read(VOLUME_FILE).stream().filter(l -> l.matches("start \\S+ boot [0-9a-f-]{36}")).toList();
    }

    private static String bootId(String line) {
        return line.substring(line.lastIndexOf(' ') + 1);
    }
}
