package dev.twinroot.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Replaces a file so that after a power cut at any instant it holds either the old or the new content, never
 * a mix or nothing: write a temporary file in the same directory, fsync it, rename it over the target, fsync
 * the directory. A reader never sees the temporary file under the target's name.
 */
public final class AtomicFile {

    /** Writes the new content into the stream; the stream is closed by {@link AtomicFile}. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private final FileSync sync;
    private final RandomGenerator random;

    public AtomicFile(FileSync sync, RandomGenerator random) {
        this.sync = sync;
        this.random = random;
    }

    public void write(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    public void write(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path temp = dir.resolve("." + absolute.getFileName() + ".tmp-" + HexFormat.of().toHexDigits(random.nextLong()));
        boolean renamed = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(new Unclosable(channel));
                content.writeTo(out);
                out.flush();
                sync.fsync(channel);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + absolute + " atomically: " + e.getMessage(), e);
            }
            renamed = true;
            sync.fsync(dir);
        } finally {
            if (!renamed) {
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Lets the content writer close its stream without closing the channel before the fsync. */
    private static final class Unclosable implements java.nio.channels.WritableByteChannel {
        private final FileChannel channel;

        Unclosable(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() {
            // the channel is closed after fsync by AtomicFile itself
        }
    }
}
