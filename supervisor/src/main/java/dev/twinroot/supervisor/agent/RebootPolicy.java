package dev.twinroot.supervisor.agent;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** When an installed update may reboot the device into the new slot. */
public sealed interface RebootPolicy {

    /** How long to wait before asking a lock-based policy again. */
    Duration LOCK_RECHECK = Duration.ofSeconds(15);

    Decision decide(Instant now) throws IOException;

    sealed interface Decision {
    }

    record RebootNow() implements Decision {
    }

    record WaitUntil(Instant when, String why) implements Decision {
    }

    /** Reboot as soon as the update is installed. */
    record Immediate() implements RebootPolicy {
        @Override
        public Decision decide(Instant now) {
            return new RebootNow();
        }
    }

    /** Reboot only inside a daily maintenance window. */
    record InWindow(MaintenanceWindow window) implements RebootPolicy {
        @Override
        public Decision decide(Instant now) {
            if (window.contains(now)) {
                return new RebootNow();
            }
            return new WaitUntil(window.nextOpening(now), "outside the maintenance window " + window);
        }
    }

    /** Reboot once no application holds an update lock. */
    record WhenUnlocked(UpdateLocks locks) implements RebootPolicy {
        @Override
        public Decision decide(Instant now) throws IOException {
            List<String> held = locks.held();
            if (held.isEmpty()) {
                return new RebootNow();
            }
            return new WaitUntil(now.plus(LOCK_RECHECK), "update locks held: " + String.join(", ", held));
        }
    }
}
