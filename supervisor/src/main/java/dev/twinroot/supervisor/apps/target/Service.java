package dev.twinroot.supervisor.apps.target;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One application container. An empty {@code command} means the image's own entrypoint and command; the
 * environment is added to the image's.
 */
public record Service(
        String name,
        ImageRef image,
        List<String> command,
        Map<String, String> environment,
        List<Volume> volumes,
        RestartPolicy restart,
        Optional<HealthCommand> healthCheck,
        List<String> dependsOn,
        UpdateStrategy updateStrategy,
        Limits limits) {

    public Service {
        command = List.copyOf(command);
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        volumes = List.copyOf(volumes);
        dependsOn = List.copyOf(dependsOn);
    }

    /** Whether moving from this definition to {@code next} needs a new container (anything but the strategy). */
    public boolean sameContainerAs(Service next) {
        return image.equals(next.image) && command.equals(next.command) && environment.equals(next.environment)
                && volumes.equals(next.volumes) && restart == next.restart && healthCheck.equals(next.healthCheck)
                && limits.equals(next.limits);
    }
}
