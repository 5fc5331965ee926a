package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads an image delta archive once, front to back: the preamble and index (checked against their SHA-256
 * before the index is parsed), then each entry, counted and hashed as it passes, then the end, after which
 * not one byte may follow. Offsets in messages are from the start of the archive.
 */
final class ImageDeltaReader {

    private final InputStream in;
    private long offset;

    ImageDeltaReader(InputStream in) {
        this.in = in;
    }

    ImageDeltaIndex readIndex() throws IOException {
        byte[] preamble = exactly(ImageDeltaConstants.PREAMBLE_LENGTH, "preamble");
        if (!Arrays.equals(preamble, 0, 8, ImageDeltaConstants.MAGIC, 0, 8)) {
            throw new AppsFormatException("image delta: not an image delta (magic at offset 0 expected)");
        }
        ByteBuffer b = ByteBuffer.wrap(preamble);
        int version = Short.toUnsignedInt(b.getShort(8));
        if (version != ImageDeltaConstants.VERSION) {
            throw new AppsFormatException("image delta: unsupported version " + version + " at offset 8, expected "
                    + ImageDeltaConstants.VERSION);
        }
        int flags = Short.toUnsignedInt(b.getShort(10));
        if (flags != 0) {
            throw new AppsFormatException("image delta: flags at offset 10 are " + flags + ", expected 0");
        }
        long indexLength = Integer.toUnsignedLong(b.getInt(12));
        if (indexLength == 0 || indexLength > ImageDeltaConstants.MAX_INDEX_BYTES) {
            throw new AppsFormatException("image delta: index length at offset 12 is " + indexLength + ", expected 1.."
                    + ImageDeltaConstants.MAX_INDEX_BYTES);
        }
        byte[] index = exactly((int) indexLength, "index");
        byte[] hash = exactly(ImageDeltaConstants.HASH_LENGTH, "index hash");
        MessageDigest sha = Digest.sha256();
        sha.update(preamble);
        sha.update(index);
        if (!MessageDigest.isEqual(sha.digest(), hash)) {
            throw new AppsFormatException("image delta: the index hash at offset " + (offset - hash.length)
                    + " does not match the preamble and index (damaged archive)");
        }
        return ImageDeltaIndexCodec.decode(index);
    }

    /** Copies the next entry, which must be exactly {@code expected}, to {@code out}. */
    void copyEntry(ImageDeltaIndex.Blob expected, String what, OutputStream out) throws IOException {
        MessageDigest sha = Digest.sha256();
        byte[] buf = new byte[64 * 1024];
        long left = expected.size();
        long start = offset;
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new AppsFormatException("image delta: the archive ends at offset " + offset + ", inside " + what
                        + " (" + expected.size() + " bytes from offset " + start + ")");
            }
            sha.update(buf, 0, n);
            out.write(buf, 0, n);
            left -= n;
            offset = Math.addExact(offset, n);
        }
        Digest found = new Digest(HexFormat.of().formatHex(sha.digest()));
        if (!found.equals(expected.digest())) {
            throw new DigestMismatchException("image delta: " + what + " at offset " + start + " hashes to "
                    + found.shortHex() + ", the index says " + expected.digest().shortHex());
        }
    }

    /** The archive must end here. */
    void end() throws IOException {
        if (in.read() >= 0) {
            throw new AppsFormatException("image delta: bytes after the last entry, at offset " + offset);
        }
    }

    private byte[] exactly(int length, String what) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new AppsFormatException("image delta: the archive ends at offset " + (offset + bytes.length)
                    + ", inside the " + what + " (" + length + " bytes from offset " + offset + ")");
        }
        offset += length;
        return bytes;
    }
}
