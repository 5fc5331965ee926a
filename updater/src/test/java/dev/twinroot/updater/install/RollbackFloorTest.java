package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.AtomicFile;
import dev.twinroot.platform.Platform;
import dev.twinroot.updater.bundle.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RollbackFloorTest {

    @TempDir
    Path dir;

    private RollbackFloor floor() {
        return new RollbackFloor(dir.resolve("data"), new AtomicFile(Platform.linux().fileSync(), new Random(1)));
    }

    @Test
    void theFirstCommitSetsTheFloorAndLaterOnesOnlyRaiseIt() throws IOException {
        RollbackFloor f = floor();
        assertEquals(Optional.empty(), f.read());
        assertTrue(f.raise(Version.parse("1.2.0")));
        assertEquals("1.2.0\n", Files.readString(dir.resolve("data/rollback-floor")));
        assertTrue(f.raise(Version.parse("1.10.0")));
        assertFalse(f.raise(Version.parse("1.9.9")), "never lowered");
        assertFalse(f.raise(Version.parse("1.10.0")), "the same version is no change");
        assertEquals(Version.parse("1.10.0"), f.read().orElseThrow());
        try (var files = Files.list(dir.resolve("data"))) {
            assertEquals(List.of("rollback-floor"), files.map(p -> p.getFileName().toString()).toList(),
                    "no temporary file is left behind");
        }
    }

    @Test
    void aDamagedFloorIsNeitherIgnoredNorOverwritten() throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Path file = Files.writeString(dir.resolve("data/rollback-floor"), "not a version at all\n");
        RecordFormatException e = assertThrows(RecordFormatException.class, () -> floor().raise(Version.parse("2.0")));
        assertTrue(e.getMessage().contains("rollback-floor: not a version"), e.getMessage());
        assertEquals("not a version at all\n", Files.readString(file));
    }

    @Test
    void randomCommitSequencesLeaveTheHighestVersionCommitted() throws IOException {
        Random r = new Random(42);
        for (int run = 0; run < 50; run++) {
            Path data = dir.resolve("run" + run);
            RollbackFloor f = new RollbackFloor(data, new AtomicFile(Platform.linux().fileSync(), new Random(run)));
            List<Version> committed = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Version v = Version.parse(r.nextInt(4) + "." + r.nextInt(12) + "." + r.nextInt(3));
                Optional<Version> before = f.read();
                boolean raised = f.raise(v);
                assertEquals(before.isEmpty() || before.get().compareTo(v) < 0, raised, v + " over " + before);
                committed.add(v);
                assertEquals(committed.stream().max(Version::compareTo).orElseThrow(), f.read().orElseThrow());
            }
        }
    }
}
