package dev.twinroot.delta;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdException;
import dev.twinroot.delta.format.Codec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.MemoryLimitException;
import org.tukaani.xz.XZInputStream;
import org.tukaani.xz.XZOutputStream;

/** Encodes and decodes the payload of DATA operations. Decoding trusts nothing and allocates only the output. */
final class DataCodecs {

    /** LZMA2 dictionaries are capped at the largest operation, so a sound delta never needs more than this. */
    private static final int XZ_MEMORY_LIMIT_KIB = 12 * 1024;

    private DataCodecs() {
    }

    static byte[] encode(Codec codec, byte[] b, int off, int len, int zstdLevel, int xzPreset) {
        switch (codec) {
            case RAW:
                return Arrays.copyOfRange(b, off, off + len);
            case ZSTD:
                return zstd(b, off, len, zstdLevel);
            case XZ:
                return xz(b, off, len, xzPreset);
            default:
                throw new IllegalArgumentException(codec.name());
        }
    }

    private static byte[] zstd(byte[] b, int off, int len, int level) {
        byte[] dst = new byte[(int) Zstd.compressBound(len)];
        long n = Zstd.compressByteArray(dst, 0, dst.length, b, off, len, level);
        return Arrays.copyOf(dst, (int) n);
    }

    private static byte[] xz(byte[] b, int off, int len, int preset) {
        try {
            LZMA2Options options = new LZMA2Options(preset);
            options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(options.getDictSize(), len)));
            ByteArrayOutputStream out = new ByteArrayOutputStream(len / 2 + 64);
            try (XZOutputStream xz = new XZOutputStream(out, options, org.tukaani.xz.XZ.CHECK_NONE)) {
                xz.write(b, off, len);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("xz into memory failed", e);
        }
    }

    /** Decodes {@code payload} into exactly {@code length} bytes, or says why it cannot. */
    static byte[] decode(Codec codec, byte[] payload, int length, String where) throws DeltaFormatException {
        switch (codec) {
            case RAW:
                return payload;
            case ZSTD:
                return unzstd(payload, length, where);
            case XZ:
                return unxz(payload, length, where);
            default:
                throw new IllegalArgumentException(codec.name());
        }
    }

    private static byte[] unzstd(byte[] payload, int length, String where) throws DeltaFormatException {
        byte[] out = new byte[length];
        long n;
        try {
            // One-shot decoding writes straight into out: no window buffer however large the frame claims.
            n = Zstd.decompressByteArray(out, 0, length, payload, 0, payload.length);
        } catch (ZstdException e) {
            throw new DeltaFormatException("corrupted delta: " + where + " zstd payload: " + e.getMessage());
        }
        if (n != length) {
            throw new DeltaFormatException("corrupted delta: " + where + " zstd payload decodes to " + n
                    + " bytes, expected " + length);
        }
        return out;
    }

    private static byte[] unxz(byte[] payload, int length, String where) throws DeltaFormatException {
        byte[] out = new byte[length];
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(payload), XZ_MEMORY_LIMIT_KIB)) {
            int n = in.readNBytes(out, 0, length);
            if (n != length || in.read() >= 0) {
                throw new DeltaFormatException("corrupted delta: " + where + " xz payload does not decode to "
                        + length + " bytes");
            }
            return out;
        } catch (MemoryLimitException e) {
            throw new DeltaFormatException("bad delta: " + where + " xz payload needs " + e.getMemoryNeeded()
                    + " KiB, the limit is " + XZ_MEMORY_LIMIT_KIB + " KiB");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DeltaFormatException d) {
                throw d;
            }
            throw new DeltaFormatException("corrupted delta: " + where + " xz payload: " + e.getMessage());
        }
    }
}
