package dev.twinroot.updater.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to find one slot's storage: a GPT partition label or an MBR partition's PARTUUID looked up in sysfs, an
 * explicit block device path, or a regular file (host tests, images being prepared).
 */
public record SlotLocation(Kind kind, String value) {

    public enum Kind {
        PARTLABEL("partlabel"),
        /** An MBR partition's {@code SSSSSSSS-NN} (disk signature, partition number), stored in lower case. */
        PARTUUID("partuuid"),
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

    /** The kernel's PARTUUID of an MBR partition: 8 hex digits of disk signature, 2 or more of partition number. */
    static final Pattern MBR_PARTUUID = Pattern.compile("[0-9a-f]{8}-([0-9a-f]{2}|[1-9a-f][0-9a-f]{2,5})");

    public SlotLocation {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(value);
        if (kind == Kind.PARTUUID) {
            value = value.toLowerCase(Locale.ROOT);
            if (!MBR_PARTUUID.matcher(value).matches() || value.endsWith("-00")) {
                throw new IllegalArgumentException("partuuid must be an MBR partition's SSSSSSSS-NN (disk signature,"
                        + " partition number from 01, in hex), found " + shorten(value));
            }
        }
        if (value.isEmpty() || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(kind.wireName + " must be a non-empty string without NUL");
        }
        if (kind == Kind.PARTLABEL && (value.length() > MAX_LABEL || value.contains("\n"))) {
            throw new IllegalArgumentException("partlabel must be at most " + MAX_LABEL
                    + " characters on one line, found " + value.length());
        }
        if ((kind == Kind.DEVICE || kind == Kind.FILE) && !value.startsWith("/")) {
            throw new IllegalArgumentException(kind.wireName + " must be an absolute path, found \"" + value + "\"");
        }
    }

    public static SlotLocation partLabel(String label) {
        return new SlotLocation(Kind.PARTLABEL, label);
    }

    public static SlotLocation partUuid(String partUuid) {
        return new SlotLocation(Kind.PARTUUID, partUuid);
    }

    public static SlotLocation device(String path) {
        return new SlotLocation(Kind.DEVICE, path);
    }

    public static SlotLocation file(String path) {
        return new SlotLocation(Kind.FILE, path);
    }

    private static String shorten(String value) {
        return value.length() <= 40 ? "\"" + value + "\"" : value.length() + " characters";
    }
}
