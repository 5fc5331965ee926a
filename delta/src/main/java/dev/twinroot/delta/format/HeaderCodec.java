package dev.twinroot.delta.format;

import static dev.twinroot.delta.format.DeltaConstants.*;

import dev.twinroot.delta.DeltaFormatException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** The 100-byte header, bytes to record and back. Big-endian throughout. */
public final class HeaderCodec {

    private HeaderCodec() {
    }

    public static byte[] encode(DeltaHeader h) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH);
        b.put(MAGIC);
        b.putShort(OFF_VERSION, (short) h.version());
        b.put(OFF_OP_HASH_LENGTH, (byte) h.opHashLength());
        b.put(OFF_FLAGS, (byte) 0);
        b.putInt(OFF_BLOCK_SIZE, h.blockSize());
        b.putLong(OFF_SOURCE_SIZE, h.sourceSize());
        b.put(OFF_SOURCE_SHA256, h.sourceSha256());
        b.putLong(OFF_TARGET_SIZE, h.targetSize());
        b.put(OFF_TARGET_SHA256, h.targetSha256());
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, OFF_HEADER_CRC32);
        b.putInt(OFF_HEADER_CRC32, (int) crc.getValue());
        return b.array();
    }

    /** Decodes exactly {@link DeltaConstants#HEADER_LENGTH} bytes, checking magic, CRC, version and every field. */
    public static DeltaHeader decode(byte[] bytes) throws DeltaFormatException {
        if (bytes.length < MAGIC.length && Arrays.equals(bytes, 0, bytes.length, MAGIC, 0, bytes.length)) {
            throw new DeltaFormatException("truncated delta: " + bytes.length + " bytes, a header is " + HEADER_LENGTH);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new DeltaFormatException("not a Twinroot delta: magic is "
                    + HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, MAGIC.length)) + ", expected "
                    + HexFormat.of().formatHex(MAGIC));
        }
        if (bytes.length < HEADER_LENGTH) {
            throw new DeltaFormatException("truncated delta: header is " + bytes.length + " bytes, expected "
                    + HEADER_LENGTH);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int version = Short.toUnsignedInt(b.getShort(OFF_VERSION));
        if (version == VERSION_1) {
            throw new DeltaFormatException("unsupported delta version 1 at offset " + OFF_VERSION + ": this reader"
                    + " knows versions " + VERSION_2 + " and " + VERSION + "; create the delta again with this twinroot");
        }
        if (version != VERSION && version != VERSION_2) {
            throw new DeltaFormatException("unsupported delta version " + version + " at offset " + OFF_VERSION
                    + ", this reader knows versions " + VERSION_2 + " and " + VERSION);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, OFF_HEADER_CRC32);
        int stored = b.getInt(OFF_HEADER_CRC32);
        if (stored != (int) crc.getValue()) {
            throw new DeltaFormatException(String.format("corrupted delta: header CRC32 at offset %d is %08x, computed %08x",
                    OFF_HEADER_CRC32, stored, (int) crc.getValue()));
        }
        int flags = Byte.toUnsignedInt(b.get(OFF_FLAGS));
        if (flags != 0) {
            throw new DeltaFormatException("bad delta header: flags at offset " + OFF_FLAGS + " are " + flags
                    + ", expected 0");
        }
        int hashLength = Byte.toUnsignedInt(b.get(OFF_OP_HASH_LENGTH));
        if (hashLength < MIN_OP_HASH_LENGTH || hashLength > SHA256_LENGTH) {
            throw new DeltaFormatException("bad delta header: op hash length " + hashLength + ", expected 8..32");
        }
        int blockSize = b.getInt(OFF_BLOCK_SIZE);
        if (Integer.bitCount(blockSize) != 1 || blockSize < MIN_BLOCK_SIZE || blockSize > MAX_BLOCK_SIZE) {
            throw new DeltaFormatException("bad delta header: block size " + Integer.toUnsignedString(blockSize)
                    + " is not a power of two in 512..16777216");
        }
        long sourceSize = b.getLong(OFF_SOURCE_SIZE);
        long targetSize = b.getLong(OFF_TARGET_SIZE);
        if (sourceSize < 0 || targetSize < 0) {
            throw new DeltaFormatException("bad delta header: negative " + (sourceSize < 0 ? "source" : "target")
                    + " size");
        }
        return new DeltaHeader(version, hashLength, blockSize, sourceSize,
                Arrays.copyOfRange(bytes, OFF_SOURCE_SHA256, OFF_SOURCE_SHA256 + SHA256_LENGTH), targetSize,
                Arrays.copyOfRange(bytes, OFF_TARGET_SHA256, OFF_TARGET_SHA256 + SHA256_LENGTH));
    }
}
