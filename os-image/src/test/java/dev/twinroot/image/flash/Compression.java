package dev.twinroot.image.flash;

import com.github.luben.zstd.ZstdOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Compresses test data in memory with the same libraries the real tools' formats are read with. */
final class Compression {

    private Compression() {
    }

    static byte[] compress(ImageFormat format, byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream out = switch (format) {
            case RAW -> buf;
            case GZIP -> new GzipCompressorOutputStream(buf);
            case XZ -> new XZOutputStream(buf, new LZMA2Options(1));
            case ZSTD -> new ZstdOutputStream(buf).setChecksum(true);
        }) {
            out.write(data);
        }
        return buf.toByteArray();
    }

    static String extension(ImageFormat format) {
        return switch (format) {
            case RAW -> ".img";
            case GZIP -> ".img.gz";
            case XZ -> ".img.xz";
            case ZSTD -> ".img.zst";
        };
    }
}
