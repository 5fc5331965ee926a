package dev.twinroot.updater.install;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The lock that keeps two installs (two {@code twinrootctl install} processes, or the daemon's agent and a CLI
 * install) from writing the inactive slot at once: {@value #FILE} in the data directory, held with
 * {@link FileChannel#tryLock()} for the whole install. The holder writes {@code pid N} and {@code since T} into
 * the file so the one refused can say who holds it. The file is never deleted: deleting it would let two
 * processes lock two different inodes under the same name.
 */
public final class InstallLock {

    /** The lock file's name in the data directory. */
    public static final String FILE = "install.lock";

    /** Far more than {@code pid N\nsince T\n} needs; a longer file is not ours and is not read further. */
    private static final int MAX_BYTES = 256;

    /**
     * Lock files this JVM holds. Process-wide on purpose: the lock under {@link FileChannel#tryLock()} is a POSIX
     * record lock, which belongs to the process, and closing any channel on the file drops it. So within one JVM a
     * second install must be turned away before it opens a channel of its own; this map is what it checks.
     */
    private static final ConcurrentHashMap<Path, Holder> HELD = new ConcurrentHashMap<>();

    private final Path dataDir;
    private final Clock clock;
    private final long pid;

    public InstallLock(Path dataDir, Clock clock) {
        this(dataDir, clock, ProcessHandle.current().pid());
    }

    InstallLock(Path dataDir, Clock clock, long pid) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.pid = pid;
    }

    /** Who holds the lock, as the lock file says. */
    record Holder(long pid, Instant since) {

        String text() {
            return "pid " + pid + "\nsince " + since + "\n";
        }

        static Optional<Holder> parse(String text) {
            String[] lines = text.split("\n");
            if (lines.length < 2 || !lines[0].startsWith("pid ") || !lines[1].startsWith("since ")) {
                return Optional.empty();
            }
            try {
                return Optional.of(new Holder(Long.parseLong(lines[0].substring(4)),
                        Instant.parse(lines[1].substring(6))));
            } catch (NumberFormatException | DateTimeParseException e) {
                return Optional.empty();
            }
        }
    }

    /** The held lock; closing it releases the lock. */
    public final class Held implements AutoCloseable {
        private final Path key;
        private final Holder holder;
        private final FileChannel channel;
        private final FileLock lock;

        private Held(Path key, Holder holder, FileChannel channel, FileLock lock) {
            this.key = key;
            this.holder = holder;
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                // Stale text would name a holder that is gone to whoever reads the file next.
                channel.truncate(0);
                lock.release();
            } finally {
                try {
                    channel.close();
                } finally {
                    HELD.remove(key, holder);
                }
            }
        }
    }

    /**
     * Takes the lock or throws {@link InstallBusyException} ("another install is running (pid N since T)") at
     * once: an install never waits for another, whose outcome changes what it should do.
     */
    public Held acquire() throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.toRealPath().resolve(FILE);
        Holder me = new Holder(pid, clock.instant());
        Holder there = HELD.putIfAbsent(file, me);
        if (there != null) {
            throw busy(Optional.of(there), file);
        }
        try {
            return lock(file, me);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file, me);
            throw e;
        }
    }

    private Held lock(Path file, Holder me) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                // Code in this JVM locked the file without this class (so not through HELD).
                throw busy(read(channel), file);
            }
            if (lock == null) {
                throw busy(read(channel), file);
            }
            channel.truncate(0);
            ByteBuffer text = ByteBuffer.wrap(me.text().getBytes(StandardCharsets.US_ASCII));
            while (text.hasRemaining()) {
                channel.write(text, text.position());
            }
            channel.force(false);
            return new Held(file, me, channel, lock);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Optional<Holder> read(FileChannel channel) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MAX_BYTES);
        int n;
        do {
            n = channel.read(b, b.position());
        } while (n > 0 && b.hasRemaining());
        return Holder.parse(new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII));
    }

    private static InstallBusyException busy(Optional<Holder> holder, Path file) {
        return new InstallBusyException(holder
                .map(h -> "another install is running (pid " + h.pid() + " since " + h.since() + ")")
                // The holder took the lock an instant ago and has not written its name yet.
                .orElse("another install is running (it holds " + file + " and has not named itself yet)"));
    }
}
