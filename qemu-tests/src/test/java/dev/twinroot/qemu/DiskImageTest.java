package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.qemu.selftest.ScriptDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading files back from a disk image with the real tools: sgdisk, mkfs.vfat, mtools, mke2fs, debugfs, sfdisk. */
class DiskImageTest {

    private static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    private static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    private static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    private static final Duration T = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void readsFromVfatAndExt4PartitionsByNumberAndName() throws Exception {
        Path disk = ScriptDisk.build(dir.resolve("disk.img"), "echo hi\n", dir.resolve("work"));
        byte[] binary = new byte[70_000];
        new Random(3).nextBytes(binary);
        Path blob = dir.resolve("blob.bin");
        Files.write(blob, binary);
        MCOPY.run(List.of("-i", disk + "@@" + ScriptDisk.BOOT_OFFSET, blob.toString(), "::state.bin"), T).requireSuccess();

        SGDISK.run(List.of("-n", "2:67584:+16M", "-c", "2:data", disk.toString()), T).requireSuccess();
        Path tree = Files.createDirectories(dir.resolve("tree/var/lib"));
        Files.writeString(tree.resolve("journal"), "installed 1.2.3\n");
        MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-E", "offset=" + 67584L * 512, "-d", dir.resolve("tree").toString(),
                disk.toString(), "16M"), T).requireSuccess();

        DiskImage image = new DiskImage(disk);
        assertArrayEquals(binary, image.readFile("boot", "state.bin"));
        assertArrayEquals(binary, image.readFile(1, "/state.bin"));
        assertTrue(new String(image.readFile(1, "boot.scr"), "US-ASCII").contains("echo hi"));
        assertEquals("installed 1.2.3\n", new String(image.readFile("data", "/var/lib/journal"), "US-ASCII"));

        GuestFileNotFoundException missingExt4 = assertThrows(GuestFileNotFoundException.class, () -> image.readFile(2, "/var/lib/nope"));
        assertTrue(missingExt4.getMessage().contains("no file /var/lib/nope"), missingExt4.getMessage());
        assertThrows(GuestFileNotFoundException.class, () -> image.readFile(1, "nope.txt"));
        QemuException noPartition = assertThrows(QemuException.class, () -> image.readFile("rootfs-a", "x"));
        assertEquals("no partition named 'rootfs-a'; the table has 1 (boot), 2 (data)", noPartition.getMessage());
        assertThrows(IllegalArgumentException.class, () -> image.readFile(1, "../etc/passwd"));
    }

    @Test
    void aPartitionWithNeitherFilesystemIsNamed() throws Exception {
        Path disk = dir.resolve("blank.img");
        try (var f = new java.io.RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(8L << 20);
        }
        SGDISK.run(List.of("-n", "1:2048:+4M", "-c", "1:raw", disk.toString()), T).requireSuccess();
        QemuException e = assertThrows(QemuException.class, () -> new DiskImage(disk).readFile("raw", "x"));
        assertTrue(e.getMessage().contains("neither vfat nor ext4"), e.getMessage());
    }

    @Test
    void sfdiskJsonIsParsedIntoByteOffsets() throws Exception {
        PartitionTable t = PartitionTable.parse("""
                {"partitiontable": {"label": "gpt", "device": "d.img", "unit": "sectors", "sectorsize": 512,
                  "partitions": [
                    {"node": "d.img1", "start": 2048, "size": 65536, "type": "x", "name": "boot"},
                    {"node": "d.img4", "start": 67584, "size": 100}
                  ]}}""", "d.img");
        assertEquals(List.of(new PartitionTable.Partition(1, 1 << 20, 32 << 20, Optional.of("boot")),
                new PartitionTable.Partition(4, 67584L * 512, 51200, Optional.empty())), t.partitions());
    }

    @Test
    void hostileSfdiskOutputIsAQemuException() {
        for (String json : List.of("", "[", "{}x", "{}", "null", "{\"partitiontable\":{\"sectorsize\":3}}",
                "{\"partitiontable\":{\"partitions\":[{\"node\":\"a\",\"start\":1,\"size\":1}]}}",
                "{\"partitiontable\":{\"partitions\":[{\"node\":\"a1\",\"start\":9223372036854775807,\"size\":1}]}}",
                "{\"partitiontable\":{\"partitions\":[{\"node\":\"a1\",\"start\":\"1\",\"size\":1}]}}")) {
            assertThrows(QemuException.class, () -> PartitionTable.parse(json, "x"), json);
        }
    }
}
