package dev.twinroot.qemu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a disk image without writing its holes: an image is mostly zeros (a 2 GiB disk with a few hundred MiB
 * of files), and every power-on of every scenario starts from a fresh copy, so the copy stays sparse and fast.
 * Blocks of zeros are skipped, then the length is set, which reads back as zeros.
 */
final class SparseCopy {

    private static final int BLOCK = 64 * 1024;

    private SparseCopy() {
    }

    /** Copies {@code source} to {@code target}, replacing it; returns the number of bytes actually written. */
    static long copy(Path source, Path target) throws IOException {
        long written = 0;
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
            long position = 0;
            while (true) {
                buf.clear();
                int n = readFully(in, buf, position);
                if (n == 0) {
                    break;
                }
                buf.flip();
                if (!isZero(buf)) {
                    while (buf.hasRemaining()) {
                        written += out.write(buf, position + buf.position());
                    }
                }
                position += n;
            }
            // Extends the file over a trailing hole; never shrinks, the file was truncated above.
            if (out.size() < position) {
                out.write(ByteBuffer.allocate(1), position - 1);
            }
        }
        return written;
    }

    private static int readFully(FileChannel in, ByteBuffer buf, long position) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = in.read(buf, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    private static boolean isZero(ByteBuffer buf) {
        for (int i = buf.position(); i < buf.limit(); i++) {
            if (buf.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
