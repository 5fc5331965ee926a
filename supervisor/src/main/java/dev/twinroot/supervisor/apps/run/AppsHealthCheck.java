package dev.twinroot.supervisor.apps.run;

import dev.twinroot.supervisor.health.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The applications' part of the boot assessment: healthy when every service of the current release runs and
 * its health command passes now. A host-OS update that breaks the applications is thus rolled back like one
 * that breaks the system. No release recorded: healthy, there is nothing to break. Run right after the daemon
 * started the recorded release, it gives the services the settle time and what is left of the deadline to come
 * up, as an update of the applications does.
 */
public final class AppsHealthCheck implements HealthCheck {

    private final AppManager apps;

    public AppsHealthCheck(AppManager apps) {
        this.apps = apps;
    }

    @Override
    public String name() {
        return "apps";
    }

    @Override
    public Result run(Duration budget) {
        Map<String, ServiceInstance.HealthResult> results;
        try {
            results = apps.awaitHealthy(budget);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.unhealthy("interrupted while waiting for the applications");
        }
        List<String> bad = new ArrayList<>();
        results.forEach((name, r) -> {
            if (!r.healthy()) {
                bad.add(name + ": " + r.detail());
            }
        });
        if (!bad.isEmpty()) {
            return Result.unhealthy(String.join("; ", bad));
        }
        return Result.healthy(results.isEmpty() ? "no applications" : results.size() + " services healthy");
    }
}
