package dev.twinroot.updater.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorOutputStream;

/** How a payload's stored bytes encode its content. */
public enum Compression {
    NONE("none"),
    ZSTD("zstd"),
    XZ("xz");

    /** xz refuses streams whose dictionary would need more than this, so a bundle cannot exhaust a device's RAM. */
    static final int XZ_MEMORY_LIMIT_KIB = 128 * 1024;
    /** Level 10 is a good ratio at a speed that keeps a 1 GiB rootfs under a minute on a laptop. */
    static final int ZSTD_LEVEL = 10;

    private final String wireName;

    Compression(String wireName) {
        this.wireName = wireName;
    }

    /** The manifest's spelling. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Compression> fromWireName(String name) {
        for (Compression c : values()) {
            if (c.wireName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    InputStream decompress(InputStream stored) throws IOException {
        return switch (this) {
            case NONE -> stored;
            case ZSTD -> new ZstdCompressorInputStream(stored);
            case XZ -> new XZCompressorInputStream(stored, false, XZ_MEMORY_LIMIT_KIB);
        };
    }

    OutputStream compress(OutputStream stored) throws IOException {
        return switch (this) {
            case NONE -> stored;
            case ZSTD -> new ZstdCompressorOutputStream(stored, ZSTD_LEVEL, false, true);
            case XZ -> new XZCompressorOutputStream(stored, 6);
        };
    }
}
