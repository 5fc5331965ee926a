package dev.twinroot.updater.bundle;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Bytes to {@link BundleHeader} and back. Reading never consumes a byte past the signature block, so the
 * caller can verify signatures before a single payload byte has left the socket.
 */
public final class BundleHeaderCodec {

    private final BundleLimits limits;

    public BundleHeaderCodec(BundleLimits limits) {
        this.limits = limits;
    }

    /** Reads magic, version, flags, manifest and signature block; exactly {@link BundleHeader#encodedLength()} bytes. */
    public BundleHeader read(InputStream in) throws BundleException, IOException {
        byte[] magic = readExactly(in, BundleFormat.MAGIC_LENGTH, 0, "magic");
        if (!Arrays.equals(magic, BundleFormat.MAGIC)) {
            throw new BundleFormatException("not a twinroot bundle: magic at offset 0 is not \"TWRBNDL1\"");
        }
        int version = readU16(in, BundleFormat.MAGIC_LENGTH, "format version");
        if (version != BundleFormat.VERSION) {
            throw new BundleFormatException("unsupported bundle format version " + version
                    + " at offset 8 (this reader knows version " + BundleFormat.VERSION + ")");
        }
        int flags = readU16(in, BundleFormat.MAGIC_LENGTH + BundleFormat.VERSION_LENGTH, "flags");
        if (flags != 0) {
            throw new BundleFormatException("bundle flags at offset 10: expected 0, found 0x" + Integer.toHexString(flags));
        }
        long manifestLength = readU32(in, BundleFormat.MANIFEST_LENGTH_OFFSET, "manifest length");
        if (manifestLength == 0) {
            throw new BundleFormatException("manifest length at offset 12 is 0");
        }
        if (manifestLength > limits.maxManifestBytes()) {
            throw new BundleLimitException("manifest length " + manifestLength + " at offset 12 exceeds the limit of "
                    + limits.maxManifestBytes() + " bytes");
        }
        byte[] manifest = readExactly(in, (int) manifestLength, BundleFormat.MANIFEST_OFFSET, "manifest");
        long blockOffset = BundleFormat.MANIFEST_OFFSET + manifestLength;
        long blockLength = readU32(in, blockOffset, "signature block length");
        if (blockLength > limits.maxSignatureBlockBytes()) {
            throw new BundleLimitException("signature block length " + blockLength + " at offset " + blockOffset
                    + " exceeds the limit of " + limits.maxSignatureBlockBytes() + " bytes");
        }
        if (blockLength < BundleFormat.COUNT_FIELD) {
            throw new BundleFormatException("signature block length " + blockLength + " at offset " + blockOffset
                    + " is shorter than its count field");
        }
        long blockStart = blockOffset + BundleFormat.LENGTH_FIELD;
        byte[] block = readExactly(in, (int) blockLength, blockStart, "signature block");
        return new BundleHeader(manifest, parseSignatureBlock(block, blockStart));
    }

    private List<byte[]> parseSignatureBlock(byte[] block, long blockStart) throws BundleException {
        ByteBuffer b = ByteBuffer.wrap(block);
        int count = Short.toUnsignedInt(b.getShort());
        if (count == 0) {
            throw new BundleFormatException("signature block at offset " + blockStart + " holds no signature");
        }
        if (count > limits.maxSignatures()) {
            throw new BundleLimitException("signature count " + count + " at offset " + blockStart
                    + " exceeds the limit of " + limits.maxSignatures());
        }
        List<byte[]> signatures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long at = blockStart + b.position();
            if (b.remaining() < BundleFormat.LENGTH_FIELD) {
                throw new BundleFormatException("signature block: length of signature " + i + " at offset " + at
                        + " runs past the end of the block");
            }
            long length = Integer.toUnsignedLong(b.getInt());
            if (length == 0 || length > b.remaining()) {
                throw new BundleFormatException("signature " + i + " length at offset " + at + ": expected 1.."
                        + b.remaining() + ", found " + length);
            }
            byte[] cms = new byte[(int) length];
            b.get(cms);
            signatures.add(cms);
        }
        if (b.hasRemaining()) {
            throw new BundleFormatException("signature block: " + b.remaining() + " unused bytes after signature "
                    + (count - 1) + " at offset " + (blockStart + b.position()));
        }
        return signatures;
    }

    /** Writes the header; the caller appends the payloads. */
    public void write(BundleHeader header, OutputStream out) throws IOException {
        byte[] manifest = header.manifest();
        if (manifest.length == 0 || manifest.length > limits.maxManifestBytes()) {
            throw new BundleLimitException("manifest of " + manifest.length + " bytes: expected 1.."
                    + limits.maxManifestBytes());
        }
        if (header.signatureCount() == 0 || header.signatureCount() > limits.maxSignatures()) {
            throw new BundleLimitException(header.signatureCount() + " signatures: expected 1.." + limits.maxSignatures());
        }
        long blockLength = header.signatureBlockLength();
        if (blockLength > limits.maxSignatureBlockBytes()) {
            throw new BundleLimitException("signature block of " + blockLength + " bytes exceeds the limit of "
                    + limits.maxSignatureBlockBytes());
        }
        DataOutputStream d = new DataOutputStream(out);
        d.write(BundleFormat.MAGIC);
        d.writeShort(BundleFormat.VERSION);
        d.writeShort(0);
        d.writeInt(manifest.length);
        d.write(manifest);
        d.writeInt((int) blockLength);
        d.writeShort(header.signatureCount());
        for (byte[] cms : header.signatures()) {
            d.writeInt(cms.length);
            d.write(cms);
        }
        d.flush();
    }

    private static byte[] readExactly(InputStream in, int length, long offset, String what) throws IOException {
        // readNBytes grows its buffer as bytes arrive, so a lying length on a short stream allocates little.
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new BundleFormatException("bundle truncated in the " + what + " at offset " + offset + ": expected "
                    + length + " bytes, found " + bytes.length);
        }
        return bytes;
    }

    private static int readU16(InputStream in, long offset, String what) throws IOException {
        byte[] b = readExactly(in, 2, offset, what);
        return ((b[0] & 0xff) << 8) | (b[1] & 0xff);
    }

    private static long readU32(InputStream in, long offset, String what) throws IOException {
        byte[] b = readExactly(in, 4, offset, what);
        return Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt());
    }
}
