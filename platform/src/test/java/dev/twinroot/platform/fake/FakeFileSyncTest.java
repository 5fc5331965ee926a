package dev.twinroot.platform.fake;

import dev.twinroot.platform.AtomicFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FakeFileSyncTest {

    @TempDir
    Path dir;

    /** The order is the whole point: file data durable before the rename, the rename durable after. */
    @Test
    void atomicFileSyncsTheNewFileThenTheDirectory() throws IOException {
        FakeFileSync sync = new FakeFileSync();
        Path target = dir.resolve("state");
        new AtomicFile(sync, new Random(3)).write(target, out -> {
            out.write('x');
            out.close(); // a writer that closes its stream must not close the file before the fsync
        });
        assertEquals(List.of(
                new FakeFileSync.Call(FakeFileSync.Kind.FSYNC, Optional.empty()),
                new FakeFileSync.Call(FakeFileSync.Kind.FSYNC, Optional.of(dir.toAbsolutePath()))), sync.calls());
        assertEquals("x", Files.readString(target));
    }
}
