package dev.twinroot.delta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Checks, without writing anything, that a delta applies to a source and rebuilds exactly the target its header
 * names: every operation's hashes and the final SHA-256. A build server runs it before publishing a delta.
 */
public final class DeltaVerifier {

    private DeltaVerifier() {
    }

    public static ApplyResult verify(Path source, InputStream delta) throws IOException {
        try (FileChannel src = FileChannel.open(source, StandardOpenOption.READ)) {
            return new Application(src, true, new Discard(), false, Optional.empty(), DeltaApplier.Options.defaults(),
                    Sha256::newDigest).run(delta);
        }
    }

    /** A target that keeps nothing: only its length moves. */
    private static final class Discard implements SeekableByteChannel {
        private long position;
        private long size;

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException("nothing to read back");
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            position += n;
            size = Math.max(size, position);
            return n;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public SeekableByteChannel position(long p) {
            position = p;
            return this;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public SeekableByteChannel truncate(long s) {
            size = Math.min(size, s);
            return this;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
