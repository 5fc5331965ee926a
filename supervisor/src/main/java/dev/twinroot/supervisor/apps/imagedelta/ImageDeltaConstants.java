package dev.twinroot.supervisor.apps.imagedelta;

/** The fixed part of an image delta archive (docs/formats/image-delta.md). */
final class ImageDeltaConstants {

    /** {@code \x89TWI\r\n\x1a\n}: the delta format's guard bytes around "TWI", Twinroot Image delta. */
    static final byte[] MAGIC = {(byte) 0x89, 'T', 'W', 'I', '\r', '\n', 0x1a, '\n'};
    static final int VERSION = 1;
    /** Magic, version, flags, index length. */
    static final int PREAMBLE_LENGTH = 16;
    static final int HASH_LENGTH = 32;
    static final int MAX_INDEX_BYTES = 1024 * 1024;
    /** The manifest and config entries: the parsers' own caps. */
    static final int MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
    /** A delta or whole-layer entry, and a rebuilt layer. */
    static final long MAX_LAYER_BYTES = 1L << 40;

    private ImageDeltaConstants() {
    }
}
