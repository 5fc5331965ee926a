package dev.twinroot.updater.bundle;

import java.nio.charset.StandardCharsets;

/**
 * Byte layout of a bundle container (docs/formats/bundle.md). All integers are unsigned big-endian.
 *
 * <pre>
 * offset  size  field
 * 0       8     magic "TWRBNDL1"
 * 8       2     container format version (1)
 * 10      2     flags (0; any other value is rejected)
 * 12      4     manifest length M
 * 16      M     manifest (UTF-8 JSON)
 * 16+M    4     signature block length S
 * 20+M    S     signature block: u16 count N, then N x (u32 length L, L bytes DER CMS SignedData)
 * 20+M+S  ...   payloads, concatenated in manifest order, each exactly its manifest "size" bytes
 * </pre>
 */
public final class BundleFormat {

    static final byte[] MAGIC = "TWRBNDL1".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    /** Manifest "format" field this code reads and writes. */
    public static final int MANIFEST_FORMAT = 1;

    static final int MAGIC_LENGTH = 8;
    static final int VERSION_LENGTH = 2;
    static final int FLAGS_LENGTH = 2;
    static final int LENGTH_FIELD = 4;
    static final int COUNT_FIELD = 2;
    /** Offset of the manifest length field. */
    static final int MANIFEST_LENGTH_OFFSET = MAGIC_LENGTH + VERSION_LENGTH + FLAGS_LENGTH;
    /** Offset of the first manifest byte. */
    static final int MANIFEST_OFFSET = MANIFEST_LENGTH_OFFSET + LENGTH_FIELD;

    /** The recommended file name suffix. */
    public static final String SUFFIX = ".twb";

    private BundleFormat() {}
}
