package dev.twinroot.platform.linux;

import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.FileSync;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.PlatformException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sync calls on real files of the build machine's filesystem. */
class LinuxFileSyncTest {

    @TempDir
    Path dir;

    private final FileSync sync = Platform.linux().fileSync();

    @Test
    void syncsFilesDirectoriesAndFilesystemsByPath() throws IOException {
        Path file = dir.resolve("state.json");
        Files.writeString(file, "{}");
        sync.fsync(file);
        sync.fdatasync(file);
        sync.fsync(dir);
        sync.syncfs(file);
        sync.syncfs(dir);
        sync.syncAll();
        assertEquals("{}", Files.readString(file));
    }

    @Test
    void syncsAnOpenFile() throws IOException {
        Path file = dir.resolve("journal");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2}));
            sync.fdatasync(ch);
            sync.fsync(ch);
        }
        assertArrayEquals(new byte[] {1, 2}, Files.readAllBytes(file));
    }

    @Test
    void aMissingPathFailsWithEnoentAndItsName() {
        Path missing = dir.resolve("no such file");
        PlatformException e = assertThrows(PlatformException.class, () -> sync.fsync(missing));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open", e.operation());
        assertEquals(missing.toString(), e.target());
        assertEquals("open on " + missing + ": ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void droppingTheCacheOfASyncedFileKeepsItsContent() throws IOException {
        Path file = dir.resolve("image.raw");
        byte[] data = new byte[3 * 4096 + 17];
        new Random(3).nextBytes(data);
        Files.write(file, data);
        sync.fdatasync(file);
        sync.dropCache(file);
        assertArrayEquals(data, Files.readAllBytes(file));
        PlatformException e = assertThrows(PlatformException.class, () -> sync.dropCache(dir.resolve("gone")));
        assertEquals("ENOENT", e.errnoName());
    }

    @Test
    void atomicFileReplacesContentAndLeavesNoTemporaryFile() throws IOException {
        AtomicFile atomic = new AtomicFile(sync, new Random(1));
        Path target = dir.resolve("boot state");
        atomic.write(target, "one".getBytes(StandardCharsets.UTF_8));
        atomic.write(target, out -> {
            out.write("two, longer".getBytes(StandardCharsets.UTF_8));
            out.close(); // closing the stream must not close the file before its fsync
        });
        assertEquals("two, longer", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void aFailingWriterLeavesTheOldContentAndNoTemporaryFile() throws IOException {
        AtomicFile atomic = new AtomicFile(sync, new Random(2));
        Path target = dir.resolve("slots");
        atomic.write(target, "old".getBytes(StandardCharsets.UTF_8));
        IOException e = assertThrows(IOException.class, () -> atomic.write(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full, say");
        }));
        assertEquals("disk full, say", e.getMessage());
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
