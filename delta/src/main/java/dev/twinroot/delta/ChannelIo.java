package dev.twinroot.delta;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;

/** Positional whole reads and writes on channels, which may return short counts. */
final class ChannelIo {

    private ChannelIo() {
    }

    static void readFully(SeekableByteChannel ch, long position, byte[] dst, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(dst, off, len);
        FileChannel fc = ch instanceof FileChannel f ? f : null;
        if (fc == null) {
            ch.position(position);
        }
        while (buf.hasRemaining()) {
            int n = fc != null ? fc.read(buf, position + buf.position() - off) : ch.read(buf);
            if (n < 0) {
                throw new EOFException("end of image at offset " + (position + buf.position() - off) + ", expected "
                        + (position + len) + " bytes");
            }
        }
    }

    static void writeFully(SeekableByteChannel ch, byte[] src, int off, int len) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(src, off, len);
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
