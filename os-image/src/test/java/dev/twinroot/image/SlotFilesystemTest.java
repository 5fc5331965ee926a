package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each slot filesystem is readable by its own tools and rebuilt byte for byte from a fresh copy of the tree. */
class SlotFilesystemTest {
    static final long EPOCH = 1_767_225_600L;
    static final UUID UUID_A = UUID.fromString("5d2e4c1a-7b7e-4f3a-9d8e-2a7c6b5e4d3c");
    static final UUID SEED = UUID.fromString("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");

    @TempDir
    Path dir;

    private String twice(SlotFilesystem fs, String name) throws Exception {
        Path tree = SampleTrees.rootfsLike(dir.resolve("tree"));
        fs.build(tree, dir.resolve(name + "1"));
        Thread.sleep(1100); // a later copy has later ctimes: what a rebuild on another day sees
        Path again = SampleTrees.copy(tree, dir.resolve("tree-again"));
        Files.setLastModifiedTime(again.resolve("etc/hostname"), java.nio.file.attribute.FileTime.fromMillis(0));
        fs.build(again, dir.resolve(name + "2"));
        String first = SampleTrees.sha256(dir.resolve(name + "1"));
        assertEquals(first, SampleTrees.sha256(dir.resolve(name + "2")), name + " rebuilt from the same tree");
        return first;
    }

    @Test
    void ext4IsReproducibleAndReadable() throws Exception {
        Ext4Image ext4 = new Ext4Image(new Ext4Image.Options("rootfs", UUID_A, SEED, EPOCH, OptionalLong.empty()));
        twice(ext4, "ext4-");
        Path image = dir.resolve("ext4-1");
        new ExternalTool("e2fsck", "e2fsprogs").run(List.of("-f", "-n", image.toString()), Duration.ofMinutes(1)).requireSuccess();
        ExternalTool.Result cat = Tools.DEBUGFS.run(List.of("-R", "cat \"/etc/with space.conf\"", image.toString()), Duration.ofMinutes(1));
        assertEquals("a = 1\n", cat.stdout());
        ExternalTool.Result stat = Tools.DEBUGFS.run(List.of("-R", "stat /usr/bin/tool", image.toString()), Duration.ofMinutes(1));
        assertTrue(stat.stdout().contains("ctime: 0x" + Long.toHexString(EPOCH) + ":00000000"), stat.stdout());
        ExternalTool.Result blkid = new ExternalTool("blkid", "util-linux").run(List.of(image.toString()), Duration.ofMinutes(1));
        assertTrue(blkid.stdout().contains("UUID=\"" + UUID_A + "\""), blkid.stdout());

        // The check has teeth: another UUID gives another image.
        new Ext4Image(new Ext4Image.Options("rootfs", UUID.randomUUID(), SEED, EPOCH, OptionalLong.empty()))
                .build(dir.resolve("tree"), dir.resolve("ext4-other"));
        assertNotEquals(SampleTrees.sha256(image), SampleTrees.sha256(dir.resolve("ext4-other")));
    }

    @Test
    void squashfsIsReproducibleAndReadable() throws Exception {
        twice(new SquashfsImage(EPOCH), "squashfs-");
        ExternalTool.Result list = new ExternalTool("unsquashfs", "squashfs-tools")
                .run(List.of("-lls", dir.resolve("squashfs-1").toString()), Duration.ofMinutes(1)).requireSuccess();
        assertTrue(list.stdout().contains("squashfs-root/etc/with space.conf"), list.stdout());
        assertTrue(list.stdout().contains("squashfs-root/bin -> usr/bin"), list.stdout());
    }

    @Test
    void erofsIsReproducibleAndReadable() throws Exception {
        twice(new ErofsImage(UUID_A, EPOCH), "erofs-");
        new ExternalTool("fsck.erofs", "erofs-utils").run(List.of(dir.resolve("erofs-1").toString()), Duration.ofMinutes(1))
                .requireSuccess();
        ExternalTool.Result blkid = new ExternalTool("blkid", "util-linux").run(List.of(dir.resolve("erofs-1").toString()), Duration.ofMinutes(1));
        assertTrue(blkid.stdout().contains(UUID_A.toString()), blkid.stdout());
    }

    @Test
    void vfatIsReproducibleAndReadableWithoutMounting() throws Exception {
        VfatImage vfat = new VfatImage(new VfatImage.Options("BOOT", 0x2a5c00f1, 16 << 20, EPOCH));
        Path tree = Files.createDirectories(dir.resolve("boot/EFI/BOOT"));
        Files.writeString(tree.resolve("grub.cfg"), "set timeout=0\n");
        Files.writeString(dir.resolve("boot/boot.scr"), "script");
        vfat.build(dir.resolve("boot"), dir.resolve("vfat1"));
        Thread.sleep(1100);
        vfat.build(SampleTrees.copy(dir.resolve("boot"), dir.resolve("boot-again")), dir.resolve("vfat2"));
        assertEquals(SampleTrees.sha256(dir.resolve("vfat1")), SampleTrees.sha256(dir.resolve("vfat2")));
        ExternalTool.Result type = new ExternalTool("mtype", "mtools")
                .run(List.of("-i", dir.resolve("vfat1").toString(), "::/EFI/BOOT/grub.cfg"), Duration.ofMinutes(1)).requireSuccess();
        assertEquals("set timeout=0\n", type.stdout());
        ExternalTool.Result blkid = new ExternalTool("blkid", "util-linux").run(List.of(dir.resolve("vfat1").toString()), Duration.ofMinutes(1));
        assertTrue(blkid.stdout().contains("UUID=\"2A5C-00F1\"") && blkid.stdout().contains("LABEL=\"BOOT\""), blkid.stdout());
    }
}
