package dev.twinroot.supervisor.apps.target;

import java.util.Optional;

/** When a container that exited is started again (Docker Compose's names). */
public enum RestartPolicy {
    NO("no"),
    ON_FAILURE("on-failure"),
    ALWAYS("always");

    private final String wireName;

    RestartPolicy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public boolean restartsAfter(int exitStatus) {
        return this == ALWAYS || this == ON_FAILURE && exitStatus != 0;
    }

    static Optional<RestartPolicy> ofWire(String name) {
        for (RestartPolicy p : values()) {
            if (p.wireName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
