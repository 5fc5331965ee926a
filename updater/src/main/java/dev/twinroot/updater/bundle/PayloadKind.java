package dev.twinroot.updater.bundle;

import java.util.Optional;

/** A full image is written as is; a delta rebuilds the image from the active slot's image. */
public enum PayloadKind {
    FULL("full"),
    DELTA("delta");

    private final String wireName;

    PayloadKind(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<PayloadKind> fromWireName(String name) {
        for (PayloadKind k : values()) {
            if (k.wireName.equals(name)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
