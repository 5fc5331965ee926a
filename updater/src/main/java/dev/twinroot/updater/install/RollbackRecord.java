package dev.twinroot.updater.install;

import dev.twinroot.updater.contract.Slot;
import java.time.Instant;
import java.util.Objects;

/** The last time the device went back from one slot to the other, and why (the supervisor's words). */
public record RollbackRecord(Slot from, Slot to, String reason, Instant at) {

    public RollbackRecord {
        Objects.requireNonNull(from);
        Objects.requireNonNull(to);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(at);
    }
}
