package dev.twinroot.updater.config;

import java.util.Objects;

/**
 * How to find one slot's storage: a GPT partition label looked up in sysfs, an explicit block device path, or
 * a regular file (host tests, images being prepared).
 */
public record SlotLocation(Kind kind, String value) {

    public enum Kind {
        PARTLABEL("partlabel"),
        DEVICE("device"),
        FILE("file");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** GPT allows 36 UTF-16 code units in a partition name. */
    static final int MAX_LABEL = 36;

    public SlotLocation {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(value);
        if (value.isEmpty() || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(kind.wireName + " must be a non-empty string without NUL");
        }
        if (kind == Kind.PARTLABEL && (value.length() > MAX_LABEL || value.contains("\n"))) {
            throw new IllegalArgumentException("partlabel must be at most " + MAX_LABEL
                    + " characters on one line, found " + value.length());
        }
        if (kind != Kind.PARTLABEL && !value.startsWith("/")) {
            throw new IllegalArgumentException(kind.wireName + " must be an absolute path, found \"" + value + "\"");
        }
    }

    public static SlotLocation partLabel(String label) {
        return new SlotLocation(Kind.PARTLABEL, label);
    }

    public static SlotLocation device(String path) {
        return new SlotLocation(Kind.DEVICE, path);
    }

    public static SlotLocation file(String path) {
        return new SlotLocation(Kind.FILE, path);
    }
}
