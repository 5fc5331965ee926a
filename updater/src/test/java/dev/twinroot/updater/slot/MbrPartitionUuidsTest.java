package dev.twinroot.updater.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sysfs tree laid out as the kernel does (class/block/NAME a link into the disk's directory, a
 * {@code partition} file per partition, a uevent per device) and disk nodes that are plain files holding a first
 * sector.
 */
class MbrPartitionUuidsTest {

    @TempDir
    Path root;

    private Path classBlock() throws IOException {
        return Files.createDirectories(root.resolve("sys/class/block"));
    }

    private Path dev() throws IOException {
        return Files.createDirectories(root.resolve("dev"));
    }

    /** A disk with an MBR of this signature (or the given first sector) and partitions 1..count. */
    private void disk(String name, byte[] firstSector, int count) throws IOException {
        Path diskDir = Files.createDirectories(root.resolve("sys/devices/platform/block").resolve(name));
        Files.writeString(diskDir.resolve("uevent"), "MAJOR=179\nMINOR=0\nDEVNAME=" + name + "\nDEVTYPE=disk\n");
        Files.createSymbolicLink(classBlock().resolve(name), diskDir);
        Files.write(dev().resolve(name), firstSector);
        for (int n = 1; n <= count; n++) {
            String part = name + (name.matches(".*[0-9]") ? "p" : "") + n;
            Path partDir = Files.createDirectories(diskDir.resolve(part));
            Files.writeString(partDir.resolve("uevent"), "MAJOR=179\nMINOR=" + n + "\nDEVNAME=" + part
                    + "\nDEVTYPE=partition\nPARTN=" + n + "\n");
            Files.writeString(partDir.resolve("partition"), n + "\n");
            Files.createSymbolicLink(classBlock().resolve(part), partDir);
        }
    }

    static byte[] mbr(int signature, int... types) {
        ByteBuffer b = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MbrPartitionUuids.SIGNATURE_OFFSET, signature);
        for (int i = 0; i < types.length; i++) {
            b.put(MbrPartitionUuids.TABLE_OFFSET + i * 16 + 4, (byte) types[i]);
        }
        b.put(510, (byte) 0x55).put(511, (byte) 0xaa);
        return b.array();
    }

    private MbrPartitionUuids uuids() throws IOException {
        return new MbrPartitionUuids(classBlock(), dev());
    }

    @Test
    void findsAPiSlotByDiskSignatureAndPartitionNumber() throws IOException {
        disk("mmcblk0", mbr(0x5a1e0c2b, 0x0c, 0x83, 0x83, 0x83), 4);
        disk("sda", mbr(0x12345678, 0x83), 1);
        assertEquals(Optional.of(dev().resolve("mmcblk0p2")), uuids().find("5a1e0c2b-02"));
        assertEquals(Optional.of(dev().resolve("mmcblk0p3")), uuids().find("5A1E0C2B-03"), "case does not matter");
        assertEquals(Optional.of(dev().resolve("sda1")), uuids().find("12345678-01"));
        assertEquals(Optional.empty(), uuids().find("5a1e0c2b-05"));
        assertEquals(Optional.empty(), uuids().find("12345678-02"));
    }

    @Test
    void aGptDiskHasNoMbrPartUuids() throws IOException {
        // Its protective MBR may carry any signature; the kernel names its partitions by the GPT's GUIDs.
        disk("vda", mbr(0x5a1e0c2b, 0xee), 4);
        assertEquals(Optional.empty(), uuids().find("5a1e0c2b-02"));
    }

    @Test
    void aDiskWithoutBootSignatureOrTooShortIsSkipped() throws IOException {
        byte[] noBootSignature = mbr(0x5a1e0c2b);
        noBootSignature[511] = 0;
        disk("sda", noBootSignature, 2);
        disk("sdb", new byte[100], 2);
        assertEquals(Optional.empty(), uuids().find("5a1e0c2b-02"));
        assertEquals(Optional.empty(), uuids().find("00000000-02"));
    }

    @Test
    void aClonedCardInAReaderIsRefusedRatherThanGuessed() throws IOException {
        disk("mmcblk0", mbr(0x5a1e0c2b, 0x0c, 0x83, 0x83), 3);
        disk("sda", mbr(0x5a1e0c2b, 0x0c, 0x83, 0x83), 3);
        SlotException e = assertThrows(SlotException.class, () -> uuids().find("5a1e0c2b-02"));
        assertTrue(e.getMessage().contains("is on 2 partitions"), e.getMessage());
    }

    @Test
    void withoutSysfsTheErrorSaysSo() {
        SlotException e = assertThrows(SlotException.class,
                () -> new MbrPartitionUuids(root.resolve("nothing"), root).find("5a1e0c2b-02"));
        assertTrue(e.getMessage().contains("is sysfs mounted?"), e.getMessage());
    }

    /** Random signatures and partition counts: every partition is found by its own PARTUUID, and only there. */
    @Test
    void randomDisksResolveEachPartition() throws IOException {
        Random r = new Random(4711);
        for (int round = 0; round < 40; round++) {
            Path dir = Files.createDirectories(root.resolve("round" + round));
            Path sysBlock = Files.createDirectories(dir.resolve("sys/class/block"));
            Path devDir = Files.createDirectories(dir.resolve("dev"));
            int disks = 1 + r.nextInt(3);
            int[] signatures = new int[disks];
            int[] counts = new int[disks];
            for (int d = 0; d < disks; d++) {
                signatures[d] = r.nextInt();
                counts[d] = 1 + r.nextInt(20);
                String name = "sd" + (char) ('a' + d);
                Path diskDir = Files.createDirectories(dir.resolve("sys/devices/block").resolve(name));
                Files.writeString(diskDir.resolve("uevent"), "DEVNAME=" + name + "\n");
                Files.write(devDir.resolve(name), mbr(signatures[d], 0x83));
                for (int n = 1; n <= counts[d]; n++) {
                    Path partDir = Files.createDirectories(diskDir.resolve(name + n));
                    Files.writeString(partDir.resolve("uevent"), "DEVNAME=" + name + n + "\n");
                    Files.writeString(partDir.resolve("partition"), Integer.toString(n));
                    Files.createSymbolicLink(sysBlock.resolve(name + n), partDir);
                }
            }
            MbrPartitionUuids uuids = new MbrPartitionUuids(sysBlock, devDir);
            for (int d = 0; d < disks; d++) {
                if (d > 0 && signatures[d] == signatures[0]) {
                    continue;
                }
                for (int n = 1; n <= counts[d]; n++) {
                    String id = MbrPartitionUuids.partUuid(signatures[d], n);
                    assertEquals(Optional.of(devDir.resolve("sd" + (char) ('a' + d) + n)), uuids.find(id), id);
                }
                assertEquals(Optional.empty(), uuids.find(MbrPartitionUuids.partUuid(signatures[d], counts[d] + 1)));
            }
        }
    }

    @Test
    void theRealSysfsCanBeScanned() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/sys/class/block")),
                "no sysfs on this machine");
        assertEquals(Optional.empty(), MbrPartitionUuids.system().find("00000000-7f"));
    }
}
