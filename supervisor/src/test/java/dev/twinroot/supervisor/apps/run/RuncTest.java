package dev.twinroot.supervisor.apps.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When runc is started at all: the runtime here is a program that is not installed, so starting it fails. */
class RuncTest {

    private static final ExternalTool ABSENT = new ExternalTool("twinroot-no-such-runtime", "none");

    @TempDir
    Path dir;

    @Test
    void noStateRootMeansNoContainersWithoutStartingTheRuntime() throws IOException {
        assertEquals(List.of(), new Runc(ABSENT, dir.resolve("runc")).list());
    }

    @Test
    void anEmptyStateRootMeansNoContainersWithoutStartingTheRuntime() throws IOException {
        Path root = Files.createDirectory(dir.resolve("runc"));
        assertEquals(List.of(), new Runc(ABSENT, root).list());
    }

    @Test
    void aStateRootHoldingAContainerIsListedByTheRuntime() throws IOException {
        Path root = Files.createDirectories(dir.resolve("runc").resolve("web"));
        assertThrows(IOException.class, () -> new Runc(ABSENT, root.getParent()).list());
    }
}
