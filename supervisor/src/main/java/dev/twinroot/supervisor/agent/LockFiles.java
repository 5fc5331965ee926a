package dev.twinroot.supervisor.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Update locks as lock files: any {@code *.lock} under the locks directory (at most {@link #MAX_DEPTH} levels
 * down, so each application can have its own directory) counts as held while some process holds a lock on it:
 * {@code flock(2)} (the {@code flock} command), POSIX {@code fcntl} record locks (Java's
 * {@code FileChannel.lock}) or open file description locks.
 *
 * <p>The kernel lists every such lock in {@code /proc/locks} by device and inode; this class reads that list
 * instead of trying to take the locks, so it never competes with an application for its own lock. A lock held
 * by a process dies with the process, so a crashed application cannot block updates forever, unlike a lock
 * that is merely a file that exists.
 */
public final class LockFiles implements UpdateLocks {

    public static final Path PROC_LOCKS = Path.of("/proc/locks");
    static final int MAX_DEPTH = 3;

    private final Path locksDir;
    private final Path procLocks;

    public LockFiles(Path locksDir, Path procLocks) {
        this.locksDir = locksDir;
        this.procLocks = procLocks;
    }

    @Override
    public List<String> held() throws IOException {
        if (!Files.isDirectory(locksDir)) {
            return List.of();
        }
        Set<FileId> locked = lockedFiles(Files.readString(procLocks, StandardCharsets.US_ASCII));
        List<String> held = new ArrayList<>();
        try (Stream<Path> files = Files.walk(locksDir, MAX_DEPTH, new FileVisitOption[0])) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".lock")).sorted().toList()) {
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try {
                    long dev = (Long) Files.getAttribute(file, "unix:dev", LinkOption.NOFOLLOW_LINKS);
                    long ino = (Long) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                    if (locked.contains(FileId.ofStatDev(dev, ino))) {
                        held.add(locksDir.relativize(file).toString());
                    }
                } catch (NoSuchFileException e) {
                    // Removed while we looked: not held.
                }
            }
        }
        return held;
    }

    /** A file as /proc/locks names it: major and minor device numbers and inode. */
    record FileId(long major, long minor, long inode) {

        /** Splits a {@code stat} st_dev the way glibc's major()/minor() do. */
        static FileId ofStatDev(long dev, long inode) {
            long major = ((dev >>> 8) & 0xfffL) | ((dev >>> 32) & ~0xfffL);
            long minor = (dev & 0xffL) | ((dev >>> 12) & ~0xffL);
            return new FileId(major, minor, inode);
        }
    }

    /**
     * The files /proc/locks lists, held or waited for. Lines look like
     * {@code 1: FLOCK  ADVISORY  WRITE 1234 08:02:131074 0 EOF} ({@code ->} marks a waiter); a line this does
     * not understand is skipped.
     */
    static Set<FileId> lockedFiles(String procLocks) {
        Set<FileId> ids = new HashSet<>();
        for (String line : procLocks.split("\n")) {
            if (line.contains("->")) {
                continue;
            }
            for (String token : line.trim().split("\\s+")) {
                String[] parts = token.split(":");
                if (parts.length == 3 && !parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()) {
                    try {
                        ids.add(new FileId(Long.parseLong(parts[0], 16), Long.parseLong(parts[1], 16),
                                Long.parseLong(parts[2])));
                    } catch (NumberFormatException e) {
                        // Not the device:inode field.
                    }
                    break;
                }
            }
        }
        return ids;
    }
}
