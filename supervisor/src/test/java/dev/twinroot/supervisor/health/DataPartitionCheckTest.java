package dev.twinroot.supervisor.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPartitionCheckTest {

    @TempDir
    Path dir;

    Path mountinfo(String dataLine) throws IOException {
        return Files.writeString(dir.resolve("mountinfo"),
                "22 1 254:1 / / ro,relatime shared:1 - ext4 /dev/vda2 ro\n"
                        + dataLine + "\n"
                        + "30 22 0:25 / /run rw,nosuid shared:5 - tmpfs tmpfs rw,mode=755\n");
    }

    @Test
    void aMountedWritableDataPartitionIsHealthy() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path info = mountinfo("28 22 254:4 / " + data + " rw,relatime shared:4 - ext4 /dev/vda4 rw");
        HealthCheck.Result r = new DataPartitionCheck(data, data.resolve("twinroot"), info).run(Duration.ofSeconds(5));
        assertTrue(r.healthy(), r.detail());
        assertEquals(data + " (ext4 on /dev/vda4) takes writes", r.detail());
        assertFalse(Files.exists(data.resolve("twinroot/.health-probe")), "the probe is cleaned up");
    }

    @Test
    void anUnmountedDataPartitionIsUnhealthyEvenIfTheDirectoryExists() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        HealthCheck.Result r = new DataPartitionCheck(data, data, mountinfo("")).run(Duration.ofSeconds(5));
        assertEquals(data + " is not a mount point: the data partition is not mounted", r.detail());
    }

    @Test
    void aReadOnlyDataPartitionIsUnhealthy() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path info = mountinfo("28 22 254:4 / " + data + " ro,relatime - ext4 /dev/vda4 ro,errors=remount-ro");
        assertEquals(data + " is mounted read-only (/dev/vda4)",
                new DataPartitionCheck(data, data, info).run(Duration.ofSeconds(5)).detail());
    }

    @Test
    void aDataPartitionThatRefusesWritesIsUnhealthy() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path notADir = Files.writeString(data.resolve("twinroot"), "a file where the directory should be");
        Path info = mountinfo("28 22 254:4 / " + data + " rw - ext4 /dev/vda4 rw");
        HealthCheck.Result r = new DataPartitionCheck(data, notADir, info).run(Duration.ofSeconds(5));
        assertFalse(r.healthy());
        assertTrue(r.detail().startsWith("cannot write and read back"), r.detail());
    }

    @Test
    void readsEscapedMountPointsAndTheTopOfAStack() {
        MountTable t = MountTable.parse("28 22 254:4 / /mnt/my\\040data rw - ext4 /dev/vda4 rw\n"
                + "29 28 0:30 / /mnt/my\\040data rw - tmpfs none rw\n");
        assertEquals(Optional.of(new MountTable.Mount("/mnt/my data", "tmpfs", "none", true)), t.at("/mnt/my data"));
    }

    @Test
    void theRealMountTableHasARoot() throws IOException {
        assertTrue(MountTable.read(DataPartitionCheck.MOUNTINFO).at("/").isPresent());
    }
}
