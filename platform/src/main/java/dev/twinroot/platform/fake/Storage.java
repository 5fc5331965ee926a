package dev.twinroot.platform.fake;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The bytes behind a fake disk: an array for small disks, a file for large ones. */
interface Storage {

    long size();

    /** Reads up to {@code dst.remaining()} bytes at {@code position}, which is inside the storage. */
    void read(long position, ByteBuffer dst) throws IOException;

    /** Writes all of {@code src} at {@code position}; the caller has checked that it fits. */
    void write(long position, ByteBuffer src) throws IOException;

    void zero(long position, long length) throws IOException;

    void force() throws IOException;

    final class InMemory implements Storage {
        private final byte[] bytes;

        InMemory(long size) {
            if (size < 0 || size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("an in-memory fake disk holds at most 2 GiB, asked for " + size);
            }
            this.bytes = new byte[(int) size];
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public synchronized void read(long position, ByteBuffer dst) {
            int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
        }

        @Override
        public synchronized void write(long position, ByteBuffer src) {
            src.get(bytes, (int) position, src.remaining());
        }

        @Override
        public synchronized void zero(long position, long length) {
            Arrays.fill(bytes, (int) position, Math.toIntExact(position + length), (byte) 0);
        }

        @Override
        public void force() {
        }
    }

    /** Backed by a file whose size is fixed when the disk is added; the file stays after the fake is dropped. */
    final class InFile implements Storage {
        private static final int ZEROS = 1 << 16;
        private final FileChannel file;
        private final long size;

        InFile(Path path) throws IOException {
            this.file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            this.size = file.size();
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public void read(long position, ByteBuffer dst) throws IOException {
            ByteBuffer window = dst.slice();
            window.limit((int) Math.min(window.remaining(), size - position));
            int total = 0;
            while (window.hasRemaining()) {
                int n = file.read(window, position + total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            dst.position(dst.position() + total);
        }

        @Override
        public void write(long position, ByteBuffer src) throws IOException {
            long at = position;
            while (src.hasRemaining()) {
                at += file.write(src, at);
            }
        }

        @Override
        public void zero(long position, long length) throws IOException {
            ByteBuffer zeros = ByteBuffer.allocate(ZEROS);
            for (long done = 0; done < length; ) {
                zeros.clear().limit((int) Math.min(ZEROS, length - done));
                int n = file.write(zeros, position + done);
                done += n;
            }
        }

        @Override
        public void force() throws IOException {
            file.force(true);
        }
    }
}
