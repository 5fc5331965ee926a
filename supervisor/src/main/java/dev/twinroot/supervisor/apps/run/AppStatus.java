package dev.twinroot.supervisor.apps.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * How one service stands, as {@code GET /v2/apps} and {@code twinrootctl apps} show it. {@code state} is
 * {@code running}, {@code restarting}, {@code exited} or {@code stopped}; {@code health} is {@code healthy},
 * {@code unhealthy}, {@code starting} (no result yet) or {@code none} (no health check).
 */
public record AppStatus(
        @JsonProperty("name") String name,
        @JsonProperty("release") String release,
        @JsonProperty("image") String image,
        @JsonProperty("state") String state,
        @JsonProperty("health") String health,
        @JsonProperty("restarts") int restarts,
        @JsonProperty("container") Optional<String> container,
        @JsonProperty("startedAt") Optional<Instant> startedAt,
        @JsonProperty("lastExit") Optional<Integer> lastExit) {

    public AppStatus {
        container = container == null ? Optional.empty() : container;
        startedAt = startedAt == null ? Optional.empty() : startedAt;
        lastExit = lastExit == null ? Optional.empty() : lastExit;
    }
}
