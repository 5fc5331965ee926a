package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the last install ended.
 *
 * @param result the journal's final state: {@code reboot-pending}, {@code failed} or {@code abandoned}
 * @param message why it failed or was abandoned
 */
public record InstallRecord(String source, Version version, Slot slot, String result, Optional<String> message,
        Instant at) {

    public InstallRecord {
        Objects.requireNonNull(source);
        Objects.requireNonNull(version);
        Objects.requireNonNull(slot);
        Objects.requireNonNull(result);
        Objects.requireNonNull(message);
        Objects.requireNonNull(at);
    }
}
