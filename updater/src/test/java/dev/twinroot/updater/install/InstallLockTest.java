package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.testing.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The install lock on a real file: against another process, another thread, and a foreign lock in this JVM. */
class InstallLockTest {

    static final Instant T = Instant.parse("2026-11-28T05:00:00Z");

    @TempDir
    Path dir;
    Process holder;

    InstallLock lock() {
        return new InstallLock(dir.resolve("data"), Clock.fixed(T, ZoneOffset.UTC));
    }

    /** Starts {@link InstallLockHolder} in its own JVM and waits until it holds the lock. */
    Process holdInAnotherProcess(Path dataDir) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        holder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                InstallLockHolder.class.getName(), dataDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("locked", out.readLine(), "the holder process took the lock");
        return holder;
    }

    void release(Process p) throws Exception {
        p.getOutputStream().close();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the holder process ended");
        assertEquals(0, p.exitValue());
    }

    @AfterEach
    void stopHolder() {
        if (holder != null && holder.isAlive()) {
            holder.destroyForcibly();
        }
    }

    @Test
    void anotherProcessIsNamedByItsPid() throws Exception {
        Process p = holdInAnotherProcess(dir.resolve("data"));
        InstallBusyException e = assertThrows(InstallBusyException.class, () -> lock().acquire());
        assertTrue(e.getMessage().matches("another install is running \\(pid " + p.pid() + " since 20\\d\\d-.*Z\\)"),
                e.getMessage());
        release(p);
        try (InstallLock.Held held = lock().acquire()) {
            assertEquals("pid " + ProcessHandle.current().pid() + "\nsince " + T + "\n",
                    Files.readString(dir.resolve("data").resolve(InstallLock.FILE)));
        }
        assertEquals("", Files.readString(dir.resolve("data").resolve(InstallLock.FILE)), "released lock names nobody");
    }

    @Test
    void anotherThreadOfThisJvmIsTurnedAway() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            InstallLock.Held held = other.submit(() -> lock().acquire()).get();
            Future<String> second = other.submit(() -> {
                try (InstallLock.Held h = new InstallLock(dir.resolve("data"), Clock.systemUTC()).acquire()) {
                    return "acquired";
                } catch (InstallBusyException e) {
                    return e.getMessage();
                }
            });
            assertEquals("another install is running (pid " + ProcessHandle.current().pid() + " since " + T + ")",
                    second.get());
            // Still held at the OS level: turning the thread away closed no channel of the file.
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), InstallLockHolder.class.getName(),
                    dir.resolve("data").toString()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), out);
            assertTrue(out.contains("InstallBusyException: another install is running (pid "
                    + ProcessHandle.current().pid()), out);
            held.close();
            lock().acquire().close();
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void aLockTakenInThisJvmWithoutThisClassIsReportedNotThrown() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        try (FileChannel ch = FileChannel.open(data.resolve(InstallLock.FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ch.lock();
            InstallBusyException unnamed = assertThrows(InstallBusyException.class, () -> lock().acquire());
            assertTrue(unnamed.getMessage().startsWith("another install is running (it holds ")
                    && unnamed.getMessage().endsWith("has not named itself yet)"), unnamed.getMessage());
            ch.write(ByteBuffer.wrap("pid 42\nsince 2026-11-28T04:59:00Z\n".getBytes(StandardCharsets.US_ASCII)), 0);
            InstallBusyException named = assertThrows(InstallBusyException.class, () -> lock().acquire());
            assertEquals("another install is running (pid 42 since 2026-11-28T04:59:00Z)", named.getMessage());
        }
    }

    @Test
    void anInstallWhileAnotherProcessInstallsChangesNothing() throws Exception {
        InstallFixture f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
        Path bundle = f.fullBundle("full", "1.2.0", InstallFixture.NEW);
        byte[] slotB = Files.readAllBytes(f.slotB);
        BootState before = f.bootState();
        Process p = holdInAnotherProcess(f.dataDir);
        InstallBusyException e = assertThrows(InstallBusyException.class, () -> f.installer().install(bundle.toString()));
        assertTrue(e.getMessage().startsWith("another install is running (pid " + p.pid() + " since "), e.getMessage());
        assertThrows(InstallBusyException.class, () -> f.installer().recover(), "recovery must not abandon it either");
        assertArrayEquals(slotB, Files.readAllBytes(f.slotB));
        assertEquals(before, f.bootState());
        assertFalse(f.journal().read().isPresent(), "nothing journaled");
        release(p);
        f.installer().install(bundle.toString());
        assertArrayEquals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length));
    }
}
