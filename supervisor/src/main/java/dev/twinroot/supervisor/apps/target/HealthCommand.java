package dev.twinroot.supervisor.apps.target;

import java.time.Duration;
import java.util.List;

/**
 * A command run inside the container ({@code runc exec}); healthy when it exits 0 within {@code timeout}. The
 * service is unhealthy after {@code retries} failures in a row, checked every {@code interval}.
 */
public record HealthCommand(List<String> command, Duration interval, Duration timeout, int retries) {

    public HealthCommand {
        command = List.copyOf(command);
    }
}
