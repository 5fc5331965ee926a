package dev.twinroot.delta;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Where an apply records how far it got, so that after a crash it continues from the last operation whose
 * output was verified and flushed. The file is replaced atomically (temporary file, fsync, rename, fsync of the
 * directory), so it is always either the old or the new state. A checkpoint that is missing, damaged or made
 * for another delta is ignored and the apply starts over: that is always safe, because the source is never
 * written.
 */
public record Checkpoint(Path file) {

    private static final byte[] MAGIC = {'T', 'W', 'D', 'C', 'K', 'P', 'T', '1'};
    private static final int LENGTH = 8 + 32 + 8 + 8 + 8 + 32 + 4;

    public static Checkpoint at(Path file) {
        return new Checkpoint(file);
    }

    /** A resumable position: the delta identified by its header's SHA-256, and the target's hash so far. */
    record State(byte[] deltaId, long deltaOffset, long opIndex, long targetOffset, byte[] targetPrefixSha256) {
    }

    Optional<State> load() throws IOException {
        byte[] b;
        try {
            if (Files.size(file) != LENGTH) {
                return Optional.empty();
            }
            b = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        ByteBuffer buf = ByteBuffer.wrap(b);
        CRC32 crc = new CRC32();
        crc.update(b, 0, LENGTH - 4);
        if (b.length != LENGTH || !Arrays.equals(b, 0, 8, MAGIC, 0, 8) || buf.getInt(LENGTH - 4) != (int) crc.getValue()) {
            return Optional.empty();
        }
        byte[] id = Arrays.copyOfRange(b, 8, 40);
        long deltaOffset = buf.getLong(40);
        long opIndex = buf.getLong(48);
        long targetOffset = buf.getLong(56);
        byte[] prefix = Arrays.copyOfRange(b, 64, 96);
        if (deltaOffset < 0 || opIndex < 0 || targetOffset < 0) {
            return Optional.empty();
        }
        return Optional.of(new State(id, deltaOffset, opIndex, targetOffset, prefix));
    }

    void save(State s) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        buf.put(MAGIC).put(s.deltaId()).putLong(s.deltaOffset()).putLong(s.opIndex()).putLong(s.targetOffset())
                .put(s.targetPrefixSha256());
        CRC32 crc = new CRC32();
        crc.update(buf.array(), 0, LENGTH - 4);
        buf.putInt((int) crc.getValue());
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            buf.flip();
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(dir);
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
