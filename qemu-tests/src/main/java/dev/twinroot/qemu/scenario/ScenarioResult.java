package dev.twinroot.qemu.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How one scenario went: pass or the failure, boots counted over all its devices, time, notes, logs. */
public record ScenarioResult(String id, Optional<String> failure, int boots, Duration duration, long seed,
        List<String> notes, Path directory) {

    public ScenarioResult {
        notes = List.copyOf(notes);
    }

    public boolean passed() {
        return failure.isEmpty();
    }
}
