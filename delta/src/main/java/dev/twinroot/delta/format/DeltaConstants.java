package dev.twinroot.delta.format;

/** Byte layout of a Twinroot delta, versions 2 and 3. docs/formats/delta.md describes each field. */
public final class DeltaConstants {

    /** PNG-style magic: a high byte and CR LF / SUB / LF catch 7-bit and newline-mangling transfers. */
    static final byte[] MAGIC = {(byte) 0x89, 'T', 'W', 'D', '\r', '\n', 0x1A, '\n'};
    /** What writers produce unless told otherwise: version 3, which adds SPLICE. */
    public static final int VERSION = 3;
    /** The version devices in the field read: everything but SPLICE. Readers accept it and {@link #VERSION}. */
    public static final int VERSION_2 = 2;
    /** Version 1 (absolute plain-varint extents, no zero tails on copies): refused with a message saying so. */
    static final int VERSION_1 = 1;

    static final int OFF_VERSION = 8;
    static final int OFF_OP_HASH_LENGTH = 10;
    static final int OFF_FLAGS = 11;
    static final int OFF_BLOCK_SIZE = 12;
    static final int OFF_SOURCE_SIZE = 16;
    static final int OFF_SOURCE_SHA256 = 24;
    static final int OFF_TARGET_SIZE = 56;
    static final int OFF_TARGET_SHA256 = 64;
    static final int OFF_HEADER_CRC32 = 96;
    public static final int HEADER_LENGTH = 100;

    public static final int SHA256_LENGTH = 32;
    /** Per-operation hashes are SHA-256 truncated to this many bytes (see the trade-off in the format doc). */
    public static final int DEFAULT_OP_HASH_LENGTH = 8;
    static final int MIN_OP_HASH_LENGTH = 8;
    static final int MIN_BLOCK_SIZE = 512;
    static final int MAX_BLOCK_SIZE = 1 << 24;

    static final int KIND_END = 0;
    static final int KIND_COPY = 1;
    static final int KIND_ZERO = 2;
    static final int KIND_DATA = 3;
    static final int KIND_BSDIFF = 4;
    static final int KIND_COPY_PART = 5;
    /** Version 3 only: literals and short source copies in one verified operation. */
    static final int KIND_SPLICE = 6;
    /** Kind byte flag on COPY and COPY_PART: the source offset equals the target offset, and is not written. */
    static final int FLAG_IN_PLACE = 0x10;

    /**
     * Largest target length of a DATA or BSDIFF operation, largest source length of a BSDIFF operation and
     * largest payload: what an applier must hold in memory for one operation. Three of these plus the bzip2
     * decoders fit a 64 MiB heap.
     */
    public static final int MAX_OP_BUFFER = 8 << 20;

    private DeltaConstants() {
    }
}
