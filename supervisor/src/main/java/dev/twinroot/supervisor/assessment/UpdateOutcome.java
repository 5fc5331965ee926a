package dev.twinroot.supervisor.assessment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * How the last update ended ({@code last-update.json}). Written only after the slot was committed (success) or
 * after the fallback was recorded (rolled-back): nothing reports an update as successful before it is.
 */
public record UpdateOutcome(
        @JsonProperty("result") Result result,
        @JsonProperty("version") Optional<String> version,
        @JsonProperty("fromVersion") Optional<String> fromVersion,
        @JsonProperty("slot") String slot,
        @JsonProperty("at") Instant at,
        @JsonProperty("reason") Optional<String> reason,
        @JsonProperty("attempts") int attempts) {

    public UpdateOutcome {
        version = version == null ? Optional.empty() : version;
        fromVersion = fromVersion == null ? Optional.empty() : fromVersion;
        reason = reason == null ? Optional.empty() : reason;
    }

    public enum Result {
        @JsonProperty("success") SUCCESS,
        @JsonProperty("rolled-back") ROLLED_BACK
    }
}
