package dev.twinroot.supervisor.agent;

import dev.twinroot.supervisor.agent.ChannelIndex.Artifact;
import dev.twinroot.supervisor.agent.ChannelIndex.Release;
import java.util.Optional;

/**
 * What to do about a channel index: nothing, or install one artifact. A delta is chosen when the release has
 * one from the running version (it is far smaller); otherwise, and after a delta failed to install, the full
 * bundle. Whether the new version may replace the running one (no downgrades, compatibility) is the
 * installer's version policy, checked against the signed bundle, not decided from the index.
 */
public sealed interface UpdateChoice {

    record NoUpdate(String why) implements UpdateChoice {
    }

    /** Install {@code artifact}; {@code deltaFrom} is the version it applies to when it is a delta. */
    record Install(Release release, Artifact artifact, Optional<String> deltaFrom) implements UpdateChoice {

        public boolean isDelta() {
            return deltaFrom.isPresent();
        }

        /** The full bundle of the same release, to try after this delta failed; empty if this was the full one. */
        public Optional<Install> fallbackToFull() {
            return isDelta() ? Optional.of(new Install(release, release.bundle(), Optional.empty())) : Optional.empty();
        }
    }

    static UpdateChoice choose(ChannelIndex index, String deviceType, String runningVersion) {
        Release release = index.devices().get(deviceType);
        if (release == null) {
            return new NoUpdate("the channel has no release for device type " + deviceType);
        }
        if (release.version().equals(runningVersion)) {
            return new NoUpdate("running the channel's release " + runningVersion);
        }
        return release.deltas().stream()
                .filter(d -> d.from().equals(runningVersion))
                .findFirst()
                .<UpdateChoice>map(d -> new Install(release, d.artifact(), Optional.of(d.from())))
                .orElseGet(() -> new Install(release, release.bundle(), Optional.empty()));
    }
}
