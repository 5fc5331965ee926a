package dev.twinroot.supervisor.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class OsReleaseTest {

    @Test
    void prefersImageVersion() {
        assertEquals(Optional.of("1.3.0"), OsRelease.version("ID=twinroot\nVERSION_ID=12\nIMAGE_VERSION=\"1.3.0\"\n"));
        assertEquals(Optional.of("12"), OsRelease.version("PRETTY_NAME=\"Debian\"\nVERSION_ID=\"12\"\n"));
        assertEquals(Optional.empty(), OsRelease.version("ID=debian\n"));
    }
}
