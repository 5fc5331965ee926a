package dev.twinroot.image.flash;

import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** How an image file is stored. Decided by its first bytes; the file name only has to agree. */
public enum ImageFormat {
    RAW(new byte[0], List.of()),
    GZIP(new byte[] {0x1f, (byte) 0x8b}, List.of(".gz", ".gzip")),
    XZ(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00}, List.of(".xz")),
    ZSTD(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}, List.of(".zst", ".zstd"));

    /** The longest magic: how many bytes {@link #detect} needs to see. */
    static final int MAGIC_LENGTH = 6;

    private final byte[] magic;
    private final List<String> extensions;

    ImageFormat(byte[] magic, List<String> extensions) {
        this.magic = magic;
        this.extensions = extensions;
    }

    /** The format whose magic starts {@code head} (of which {@code length} bytes are valid); RAW if none. */
    static ImageFormat detect(byte[] head, int length) {
        for (ImageFormat f : values()) {
            if (f != RAW && f.magic.length <= length && startsWith(head, f.magic)) {
                return f;
            }
        }
        return RAW;
    }

    /** The compressed format a file name promises by its extension, if any. */
    static Optional<ImageFormat> promisedBy(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (ImageFormat f : values()) {
            for (String ext : f.extensions) {
                if (lower.endsWith(ext)) {
                    return Optional.of(f);
                }
            }
        }
        return Optional.empty();
    }

    int magicLength() {
        return magic.length;
    }

    String magicHex() {
        return HexFormat.ofDelimiter(" ").formatHex(magic);
    }

    String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        for (int i = 0; i < prefix.length; i++) {
            if (head[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
