package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockFilesTest {

    static final ExternalTool FLOCK = new ExternalTool("flock", "util-linux");

    @TempDir
    Path locks;

    LockFiles lockFiles() {
        return new LockFiles(locks, LockFiles.PROC_LOCKS);
    }

    @Test
    void aLockFileThatMerelyExistsIsNotHeld() throws IOException {
        Files.createDirectories(locks.resolve("app"));
        Files.writeString(locks.resolve("app/updates.lock"), "");
        assertEquals(List.of(), lockFiles().held());
    }

    @Test
    void aFileLockedWithTheFlockCommandIsHeldUntilItsProcessEnds() throws Exception {
        Assumptions.assumeTrue(FLOCK.isPresent(), "flock is not installed: apt-get install util-linux");
        Files.createDirectories(locks.resolve("app"));
        Path lock = locks.resolve("app/updates.lock");
        Files.writeString(lock, "");
        Files.writeString(locks.resolve("other.lock"), "");
        Process holder = new ProcessBuilder(FLOCK.require().toString(), lock.toString(), "sleep", "30").start();
        try {
            long until = System.nanoTime() + 5_000_000_000L;
            while (lockFiles().held().isEmpty() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            assertEquals(List.of("app/updates.lock"), lockFiles().held());
        } finally {
            holder.descendants().forEach(ProcessHandle::destroyForcibly);
            holder.destroyForcibly().waitFor();
        }
        long until = System.nanoTime() + 5_000_000_000L;
        while (!lockFiles().held().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertEquals(List.of(), lockFiles().held(), "the lock died with its process");
    }

    @Test
    void aPosixLockFromJavaIsHeldToo() throws IOException {
        Path lock = locks.resolve("java.lock");
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.lock()) {
            assertTrue(held.isValid());
            assertEquals(List.of("java.lock"), lockFiles().held());
        }
        assertEquals(List.of(), lockFiles().held());
    }

    @Test
    void readsTheKernelsLockList() {
        String procLocks = "1: FLOCK  ADVISORY  WRITE 1234 08:02:131074 0 EOF\n"
                + "2: POSIX  ADVISORY  READ 99 fd:01:77 0 EOF\n"
                + "3: -> FLOCK  ADVISORY  WRITE 55 08:02:5 0 EOF\n"
                + "garbage line\n";
        assertEquals(Set.of(new LockFiles.FileId(8, 2, 131074), new LockFiles.FileId(0xfd, 1, 77)),
                LockFiles.lockedFiles(procLocks));
    }

    @Test
    void splitsStDevLikeGlibc() {
        // makedev(8, 2) and makedev(259, 65536) as glibc encodes them.
        assertEquals(new LockFiles.FileId(8, 2, 1), LockFiles.FileId.ofStatDev(0x802, 1));
        long dev = ((259L & 0xfffL) << 8) | ((259L & ~0xfffL) << 32) | (65536L & 0xffL) | ((65536L & ~0xffL) << 12);
        assertEquals(new LockFiles.FileId(259, 65536, 1), LockFiles.FileId.ofStatDev(dev, 1));
    }
}
