package dev.twinroot.updater.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sysfs tree laid out as the kernel does (uevent per block device), and the machine's own /sys. */
class PartitionLabelsTest {

    @TempDir
    Path sys;

    private void device(String name, String uevent) throws IOException {
        Files.createDirectories(sys.resolve(name));
        Files.writeString(sys.resolve(name).resolve("uevent"), uevent);
    }

    @Test
    void findsThePartitionByItsGptName() throws IOException {
        device("vda", "MAJOR=254\nMINOR=0\nDEVNAME=vda\nDEVTYPE=disk\nDISKSEQ=9\n");
        device("vda2", "MAJOR=254\nMINOR=2\nDEVNAME=vda2\nDEVTYPE=partition\nPARTN=2\nPARTNAME=rootfs-a\n");
        device("vda3", "MAJOR=254\nMINOR=3\nDEVNAME=vda3\nDEVTYPE=partition\nPARTN=3\nPARTNAME=rootfs-b\n");
        PartitionLabels labels = new PartitionLabels(sys, Path.of("/dev"));
        assertEquals(Optional.of(Path.of("/dev/vda3")), labels.find("rootfs-b"));
        assertEquals(Optional.empty(), labels.find("rootfs-c"));
        assertEquals(Optional.empty(), labels.find("rootfs"), "a prefix is not a match");
    }

    @Test
    void twoPartitionsWithOneLabelAreRefused() throws IOException {
        device("vda2", "DEVNAME=vda2\nPARTNAME=rootfs-a\n");
        device("sda2", "DEVNAME=sda2\nPARTNAME=rootfs-a\n");
        SlotException e = assertThrows(SlotException.class,
                () -> new PartitionLabels(sys, Path.of("/dev")).find("rootfs-a"));
        assertTrue(e.getMessage().contains("is on 2 partitions"), e.getMessage());
    }

    @Test
    void aDevNameClimbingOutOfDevIsIgnored() throws IOException {
        device("evil", "DEVNAME=../etc/shadow\nPARTNAME=rootfs-a\n");
        assertEquals(Optional.empty(), new PartitionLabels(sys, Path.of("/dev")).find("rootfs-a"));
    }

    @Test
    void theRealSysfsCanBeScanned() throws IOException {
        // Whatever this machine has: the scan must not fail on real uevent files.
        Path real = Path.of("/sys/class/block");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real), "no sysfs on this machine");
        assertEquals(Optional.empty(), PartitionLabels.system().find("twinroot-no-such-label"));
    }
}
