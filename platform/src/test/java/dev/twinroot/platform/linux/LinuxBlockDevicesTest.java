package dev.twinroot.platform.linux;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.BlockDevices;
import dev.twinroot.platform.BlockDevicesContract;
import dev.twinroot.platform.LoopDevice;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract on real loop devices (root, losetup), plus what only the kernel can show. */
class LinuxBlockDevicesTest extends BlockDevicesContract {

    @TempDir
    Path dir;

    private final BlockDevices devices = Platform.linux().blockDevices();
    private final List<LoopDevice> loops = new ArrayList<>();

    @BeforeEach
    void needLoopDevices() {
        LoopDevice.assumeAvailable();
    }

    @AfterEach
    void detachLoops() throws IOException {
        for (LoopDevice loop : loops) {
            loop.detach();
        }
    }

    @Override
    protected BlockDevices devices() {
        return devices;
    }

    @Override
    protected Path newDisk(long size, int sectorSize) throws IOException {
        Path backing = dir.resolve("disk" + loops.size() + ".img");
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(size);
        }
        LoopDevice loop = LoopDevice.attach(backing, sectorSize);
        loops.add(loop);
        return loop.path();
    }

    @Test
    void blkpgCreatesTheDeviceNodeTheNamingRulePredicts() throws IOException {
        Path disk = newDisk(DISK, 512);
        try (BlockDevice dev = devices.open(disk, BlockDevice.Access.READ_WRITE)) {
            dev.addPartition(3, MIB, MIB);
            Path node = BlockDevices.partitionPath(disk, 3);
            assertTrue(node.getFileName().toString().matches("loop\\d+p3"), node.toString());
            assertTrue(Files.exists(node), node + " should appear in devtmpfs");
            dev.deletePartition(3);
        }
    }

    @Override
    protected boolean readsMbr() throws IOException {
        Path config = Path.of("/proc/config.gz");
        if (!Files.exists(config)) {
            return true; // distribution kernels all have it; only a trimmed config leaves it out
        }
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(config))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)
                    .contains("\nCONFIG_MSDOS_PARTITION=y\n");
        }
    }

    @Test
    void onlyBlockDevicesOpen() throws IOException {
        Path file = dir.resolve("plain");
        Files.write(file, new byte[4096]);
        PlatformException e = assertThrows(PlatformException.class,
                () -> devices.open(file, BlockDevice.Access.READ_ONLY));
        assertEquals("ENOTBLK", e.errnoName());
        assertEquals("ENOTBLK", assertThrows(PlatformException.class, () -> devices.deviceNumber(file)).errnoName());
    }
}
