package dev.twinroot.supervisor.apps.run;

import dev.twinroot.supervisor.health.HealthCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The applications' part of the boot assessment: healthy when every service of the current release runs and
 * its health command passes now. A host-OS update that breaks the applications is thus rolled back like one
 * that breaks the system. No release recorded: healthy, there is nothing to break.
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
        Map<String, ServiceInstance.HealthResult> results = apps.probe(budget);
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
