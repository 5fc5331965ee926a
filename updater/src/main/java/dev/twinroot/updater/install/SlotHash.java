package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;

/** SHA-256 of a slot's first bytes. */
final class SlotHash {

    interface Progress {
        void update(long done, long total);
    }

    private SlotHash() {}

    static Sha256 of(SeekableByteChannel ch, long length, Progress progress) throws IOException {
        MessageDigest md = Sha256.newDigest();
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        ch.position(0);
        long done = 0;
        while (done < length) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), length - done));
            int n = ch.read(buf);
            if (n < 0) {
                throw new InstallException("slot ended after " + done + " bytes while reading " + length);
            }
            md.update(buf.array(), 0, n);
            done += n;
            progress.update(done, length);
        }
        return Sha256.digest(md);
    }
}
