package dev.twinroot.delta.format;

import java.util.Optional;

/** How the payload of a DATA operation is stored. The id is the byte on the wire. */
public enum Codec {
    RAW(0),
    ZSTD(1),
    XZ(2);

    private final int id;

    Codec(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    static Optional<Codec> byId(int id) {
        for (Codec c : values()) {
            if (c.id == id) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
