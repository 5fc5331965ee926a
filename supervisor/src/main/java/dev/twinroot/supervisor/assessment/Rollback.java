package dev.twinroot.supervisor.assessment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A fallback, as recorded in {@code rollbacks/<id>/rollback.json}: which slot failed, the update it carried if
 * any, why it failed as far as the supervisor can tell, and the boots of it that reached the supervisor (their
 * logs are kept next to this record in {@code logs/}).
 */
public record Rollback(
        @JsonProperty("id") String id,
        @JsonProperty("failedSlot") String failedSlot,
        @JsonProperty("bootedSlot") String bootedSlot,
        @JsonProperty("update") Optional<PendingUpdate> update,
        @JsonProperty("reason") String reason,
        @JsonProperty("attempts") List<AssessmentState.Attempt> attempts,
        @JsonProperty("at") Instant at) {

    public Rollback {
        update = update == null ? Optional.empty() : update;
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }
}
