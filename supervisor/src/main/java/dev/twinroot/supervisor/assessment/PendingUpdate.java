package dev.twinroot.supervisor.assessment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Optional;

/**
 * What the installer leaves on the data partition when it puts a freshly written slot first in BOOT_ORDER
 * ({@code pending-update.json}): the update the next boot is trying. The supervisor removes it when the update
 * is committed or rolled back.
 */
public record PendingUpdate(
        @JsonProperty("version") String version,
        @JsonProperty("fromVersion") Optional<String> fromVersion,
        @JsonProperty("targetSlot") String targetSlot,
        @JsonProperty("installedAt") Instant installedAt) {

    public PendingUpdate {
        fromVersion = fromVersion == null ? Optional.empty() : fromVersion;
    }
}
