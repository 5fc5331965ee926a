package dev.twinroot.platform.linux;

import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Platform;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** This process's own /proc/self/mountinfo parses, whatever the machine mounted. */
class LinuxMountTableTest {

    @Test
    void readsThisMachinesMountTable() throws IOException {
        MountTable table = Platform.linux().mounts().table();
        assertTrue(table.at(Path.of("/")).isPresent(), "no mount at /");
        assertEquals("proc", table.at(Path.of("/proc")).orElseThrow().fsType());
    }
}
