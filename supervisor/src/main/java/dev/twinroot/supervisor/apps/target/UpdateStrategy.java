package dev.twinroot.supervisor.apps.target;

import java.util.Optional;

/**
 * How a service moves to a new image (balena's names). Download-then-kill keeps the old container running
 * while the new image downloads; kill-then-download frees its disk space first (the old image can then be
 * collected); hand-over starts the new container before stopping the old one.
 */
public enum UpdateStrategy {
    DOWNLOAD_THEN_KILL("download-then-kill"),
    KILL_THEN_DOWNLOAD("kill-then-download"),
    HAND_OVER("hand-over");

    private final String wireName;

    UpdateStrategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static Optional<UpdateStrategy> ofWire(String name) {
        for (UpdateStrategy s : values()) {
            if (s.wireName.equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
