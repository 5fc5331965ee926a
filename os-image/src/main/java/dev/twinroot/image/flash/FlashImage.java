package dev.twinroot.image.flash;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;

/**
 * An image file to flash: its format (from its magic bytes) and what is known of its size before it is
 * decompressed. A raw or xz image knows its exact size (xz from its index); gzip and zstd give a lower bound
 * (gzip's ISIZE is the size modulo 2^32 of the last member; a zstd frame header may state the first frame's
 * size). The flasher refuses a too-small device up front with these, and stops at the device's end anyway.
 */
public final class FlashImage {

    /** xz: memory a decoder may use (KiB). xz -9 needs 65 MiB; more than this is refused, not swapped. */
    private static final int XZ_MEMORY_LIMIT_KIB = 256 * 1024;
    private static final int GZIP_SMALLEST_MEMBER = 18;
    private static final int ZSTD_LARGEST_FRAME_HEADER = 18;
    private static final int BUFFER = 1 << 16;

    private final Path path;
    private final ImageFormat format;
    private final long fileSize;
    private final long minimumSize;
    private final boolean sizeExact;

    private FlashImage(Path path, ImageFormat format, long fileSize, long minimumSize, boolean sizeExact) {
        this.path = path;
        this.format = format;
        this.fileSize = fileSize;
        this.minimumSize = minimumSize;
        this.sizeExact = sizeExact;
    }

    /** Reads the file's first and (for gzip) last bytes, or its xz index; nothing is decompressed yet. */
    public static FlashImage open(Path path) throws FlashException {
        if (!Files.exists(path)) {
            throw new FlashException(path + ": no such image file");
        }
        if (!Files.isRegularFile(path)) {
            throw new FlashException(path + ": the image must be a regular file");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            byte[] head = new byte[ZSTD_LARGEST_FRAME_HEADER];
            int n = readFully(ch, ByteBuffer.wrap(head), 0);
            ImageFormat format = ImageFormat.detect(head, n);
            checkName(path, format, head, n);
            return switch (format) {
                case RAW -> new FlashImage(path, format, size, size, true);
                case GZIP -> new FlashImage(path, format, size, gzipLastMemberSize(path, ch, size), false);
                case XZ -> new FlashImage(path, format, size, xzSize(path), true);
                case ZSTD -> new FlashImage(path, format, size, zstdFirstFrameSize(head, n), false);
            };
        } catch (NoSuchFileException e) {
            throw new FlashException(path + ": no such image file");
        } catch (FlashException e) {
            throw e;
        } catch (IOException e) {
            throw new FlashException("reading " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new CorruptImageException(path + ": unreadable image header: " + e, e);
        }
    }

    public Path path() {
        return path;
    }

    public ImageFormat format() {
        return format;
    }

    /** Bytes in the file as stored (compressed or not). */
    public long fileSize() {
        return fileSize;
    }

    /** The image is at least this long once decompressed; exactly this long if {@link #sizeExact()}. */
    public long minimumSize() {
        return minimumSize;
    }

    public boolean sizeExact() {
        return sizeExact;
    }

    /**
     * The decompressed bytes. A read fails with {@link CorruptImageException} if the compressed data is bad
     * or cut short, and with a plain {@link FlashException} if the file itself cannot be read.
     */
    public InputStream openStream() throws FlashException {
        InputStream file;
        try {
            file = new SourceStream(new BufferedInputStream(Files.newInputStream(path), BUFFER));
        } catch (IOException e) {
            throw new FlashException("reading " + path + ": " + e.getMessage(), e);
        }
        return new DecodedStream(file);
    }

    private static void checkName(Path path, ImageFormat found, byte[] head, int n) throws CorruptImageException {
        ImageFormat promised = ImageFormat.promisedBy(path.getFileName().toString()).orElse(found);
        if (promised != found) {
            throw new CorruptImageException(path + ": named like a " + promised.displayName() + " file but does not start with "
                    + promised.magicHex() + " (found " + HexFormat.ofDelimiter(" ").formatHex(head, 0, Math.min(n, promised.magicLength()))
                    + (found == ImageFormat.RAW ? "" : ", which is " + found.displayName()) + ")");
        }
    }

    private static long gzipLastMemberSize(Path path, FileChannel ch, long size) throws IOException {
        if (size < GZIP_SMALLEST_MEMBER) {
            throw new CorruptImageException(path + ": truncated gzip file: " + size + " bytes, the smallest member has "
                    + GZIP_SMALLEST_MEMBER);
        }
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, tail, size - 4);
        return Integer.toUnsignedLong(tail.getInt(0));
    }

    /** The first frame's size if its header states it (zstd writes it when it knew the input size); else 0. */
    private static long zstdFirstFrameSize(byte[] head, int n) {
        try {
            return Math.max(0, Zstd.getFrameContentSize(head, 0, n));
        } catch (RuntimeException unknownOrDamaged) {
            // "Content size is unknown" for streamed input; a damaged header fails again, with context, when decoded
            return 0;
        }
    }

    private static long xzSize(Path path) throws IOException {
        try (SeekableXZInputStream xz = new SeekableXZInputStream(new SeekableFileInputStream(path.toFile()),
                XZ_MEMORY_LIMIT_KIB)) {
            return xz.length();
        } catch (IOException | RuntimeException e) {
            throw new CorruptImageException(path + ": xz index unreadable (corrupt or truncated file): " + e.getMessage(), e);
        }
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private InputStream decoder(InputStream file) throws IOException {
        return switch (format) {
            case RAW -> file;
            case GZIP -> new GzipCompressorInputStream(file, true);
            case XZ -> new XZInputStream(file, XZ_MEMORY_LIMIT_KIB);
            case ZSTD -> new ZstdInputStream(file);
        };
    }

    /** Marks failures of the file itself, so they are not blamed on the compressed data. */
    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceReadException(e);
            }
        }
    }

    private static final class SourceReadException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /**
     * Counts decompressed bytes and turns every decoder failure, checked or not, into one of this package's
     * exceptions naming the file, the format and how far decoding got.
     */
    private final class DecodedStream extends InputStream {
        private final InputStream file;
        private InputStream decoded;
        private long produced;

        DecodedStream(InputStream file) {
            this.file = file;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                if (decoded == null) {
                    decoded = decoder(file);
                }
                int n = decoded.read(b, off, len);
                if (n > 0) {
                    produced += n;
                }
                return n;
            } catch (SourceReadException e) {
                throw new FlashException("reading " + path + ": " + e.getMessage(), e.getCause());
            } catch (IOException | RuntimeException e) {
                throw new CorruptImageException(path + ": corrupt or truncated " + format.displayName()
                        + " data after " + produced + " bytes of output: " + describe(e), e);
            }
        }

        @Override
        public void close() throws IOException {
            if (decoded != null) {
                decoded.close();
            } else {
                file.close();
            }
        }

        private String describe(Exception e) {
            String m = e.getMessage();
            String text = (m == null || m.isBlank() ? e.getClass().getSimpleName() : m).replace('\n', ' ').strip();
            return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
