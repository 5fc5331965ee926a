package dev.twinroot.supervisor.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A channel's index ({@code docs/formats/channel.md}): for each device type, the latest release and how to get
 * it, as one full bundle or as deltas from earlier versions. URLs are absolute once parsed (relative ones are
 * resolved against the index's own URL).
 */
public record ChannelIndex(
        @JsonProperty("formatVersion") int formatVersion,
        @JsonProperty("devices") Map<String, Release> devices) {

    public static final int FORMAT_VERSION = 1;

    public ChannelIndex {
        devices = devices == null ? Map.of() : Map.copyOf(devices);
    }

    public record Release(
            @JsonProperty("version") String version,
            @JsonProperty("bundle") Artifact bundle,
            @JsonProperty("deltas") List<Delta> deltas) {

        public Release {
            deltas = deltas == null ? List.of() : List.copyOf(deltas);
        }
    }

    /** A file to download, with what it must be. */
    public record Artifact(
            @JsonProperty("url") URI url,
            @JsonProperty("size") long size,
            @JsonProperty("sha256") String sha256) {
    }

    /** A delta bundle that turns {@code from} into the release. */
    public record Delta(
            @JsonProperty("from") String from,
            @JsonProperty("url") URI url,
            @JsonProperty("size") long size,
            @JsonProperty("sha256") String sha256) {

        public Artifact artifact() {
            return new Artifact(url, size, sha256);
        }
    }
}
