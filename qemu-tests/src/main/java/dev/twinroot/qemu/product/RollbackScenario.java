package dev.twinroot.qemu.product;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.scenario.Expect;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioContext;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.assessment.UpdateOutcome;
import java.util.Optional;

/**
 * A bad update falls back: the device installs a release that fails on its trial boots in slot B (an unhealthy
 * application, a kernel panic, a hung supervisor), the boot script counts B's tries down to none and boots A
 * again, and the supervisor on A records the rollback. Status then shows A, the old version, and the rollback.
 */
public final class RollbackScenario implements Scenario {

    /** How the bad release fails. */
    public enum Failure {
        UNHEALTHY("rollback-unhealthy", "bad update whose health check fails: B's tries run out, back on A with the reason",
                ReleaseRecipe.UNHEALTHY, Optional.of("schema version 7 is not supported")),
        PANIC("rollback-panic", "bad update whose init dies: the kernel panics in B until its tries run out, back on A",
                ReleaseRecipe.PANIC, Optional.empty()),
        WATCHDOG("rollback-watchdog", "bad update whose supervisor hangs: the watchdog resets B until its tries run out, back on A",
                ReleaseRecipe.HUNG, Optional.empty());

        private final String id;
        private final String summary;
        private final ReleaseRecipe recipe;
        private final Optional<String> reason;

        Failure(String id, String summary, ReleaseRecipe recipe, Optional<String> reason) {
            this.id = id;
            this.summary = summary;
            this.recipe = recipe;
            this.reason = reason;
        }
    }

    private final Failure failure;

    public RollbackScenario(Failure failure) {
        this.failure = failure;
    }

    @Override
    public String id() {
        return failure.id;
    }

    @Override
    public String summary() {
        return failure.summary;
    }

    @Override
    public void run(ScenarioContext ctx) throws Exception {
        Release v1 = ctx.releases().get(ReleaseRecipe.V1);
        Release bad = ctx.releases().get(failure.recipe);
        try (FileServer server = new FileServer()) {
            String name = "os-" + bad.version() + ".delta.bundle";
            String url = server.serve(name, bad.deltaBundle());
            Device device = ctx.newDevice("device", ProductMachine.uboot().httpPort(server.port()).build(),
                    Optional.of(ctx.releases().settledDisk(v1)));
            TwinrootGuest guest = new TwinrootGuest(device);
            UpdateSteps.bootCommitted(ctx, device, guest, v1, "A");

            ctx.step("installing the bad release " + bad.version() + " (delta bundle) into slot B");
            guest.install(url).requireSuccess();
            ctx.step("rebooting into the bad release");
            guest.reboot();

            UpdateSteps.awaitFallback(ctx, guest, "B", "it fails as " + failure.id + " does");

            Wire.StatusResponse status = UpdateSteps.showStatus(ctx, guest);
            Expect.equal("booted slot", Optional.of("A"), status.bootedSlot());
            Expect.equal("first slot of the boot order", Optional.of("A"), status.primarySlot());
            Expect.equal("version", Optional.of(v1.version()), status.version());
            Expect.equal("rollbacks recorded", 1, status.rollbacks().size());
            Rollback rollback = status.rollbacks().get(0);
            Expect.equal("failed slot of the rollback", "B", rollback.failedSlot());
            failure.reason.ifPresent(r -> Expect.contains("rollback reason", r, rollback.reason()));
            ctx.note("rollback reason: " + rollback.reason());
            UpdateOutcome last = status.lastUpdate().orElseThrow(() -> new AssertionError("no last update in status"));
            Expect.equal("last update result", UpdateOutcome.Result.ROLLED_BACK, last.result());
            Expect.equal("last update version", Optional.of(bad.version()), last.version());
        }
    }
}
