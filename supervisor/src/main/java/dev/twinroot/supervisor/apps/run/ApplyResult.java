package dev.twinroot.supervisor.apps.run;

import java.util.List;

/** What applying a target state did. */
public sealed interface ApplyResult {

    /** Every service of the release runs (and passed its health check, where it has one). */
    record Applied(String release, List<String> changed) implements ApplyResult {
    }

    /** Nothing was stopped: applications hold update locks; the new images, if any, are already downloaded. */
    record Waiting(String release, List<String> locks) implements ApplyResult {
    }

    /** The release failed and the previous one runs again. */
    record RolledBack(String release, String reason, String restored) implements ApplyResult {
    }
}
