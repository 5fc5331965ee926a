package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny raw disk in the default layout: GPT from sgdisk with the contract's partition numbers and labels, a
 * vfat boot partition with {@code boot.scr} and the two state copies, and two small ext4 slots whose
 * {@code /boot/Image} is not a kernel (so {@code booti} fails and the script resets the board).
 */
final class TestDisk {

    static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    static final ExternalTool MKFS_VFAT = new ExternalTool("mkfs.vfat", "dosfstools");
    static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    static final List<ExternalTool> TOOLS = List.of(SGDISK, MKFS_VFAT, MCOPY, MKE2FS, BootScriptCompiler.MKIMAGE);

    private static final long MIB = 1 << 20;
    private static final Map<Partition, Long> SIZE_MIB = Map.of(
            Partition.BOOT, 8L, Partition.ROOTFS_A, 4L, Partition.ROOTFS_B, 4L, Partition.DATA, 2L);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path image;
    private final Path work;

    private TestDisk(Path image, Path work) {
        this.image = image;
        this.work = work;
    }

    /** Builds the disk in {@code dir} with this boot script and these two state copies. */
    static TestDisk create(Path dir, String bootScript, List<byte[]> stateCopies) throws IOException {
        Path image = dir.resolve("disk.img");
        long total = 2 * MIB;
        for (Partition p : Partition.values()) {
            total += SIZE_MIB.get(p) * MIB;
        }
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(total);
        }
        List<String> args = new ArrayList<>();
        long start = MIB / 512;
        for (Partition p : Partition.values()) {
            long sectors = SIZE_MIB.get(p) * MIB / 512;
            args.addAll(List.of("-n", p.number() + ":" + start + ":" + (start + sectors - 1), "-c", p.number() + ":" + p.label()));
            start += sectors;
        }
        args.add(image.toString());
        SGDISK.run(args, TIMEOUT).requireSuccess();
        TestDisk disk = new TestDisk(image, dir);

        Path boot = dir.resolve("boot.vfat");
        MKFS_VFAT.run(List.of("-C", "-n", "BOOT", boot.toString(), Long.toString(SIZE_MIB.get(Partition.BOOT) * 1024)), TIMEOUT)
                .requireSuccess();
        Path scr = dir.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(bootScript, scr);
        MCOPY.run(List.of("-i", boot.toString(), scr.toString(), "::" + BootContract.BOOT_SCRIPT), TIMEOUT).requireSuccess();
        disk.place(Partition.BOOT, boot);
        for (int i = 0; i < stateCopies.size(); i++) {
            disk.writeBootFile(BootContract.STATE_FILES.get(i), stateCopies.get(i));
        }

        Path tree = dir.resolve("slot-tree");
        Files.createDirectories(tree.resolve("boot"));
        Files.writeString(tree.resolve(BootContract.KERNEL_PATH.substring(1)), "not a kernel\n", StandardCharsets.US_ASCII);
        Files.writeString(tree.resolve(BootContract.INITRAMFS_PATH.substring(1)), "not an initramfs\n", StandardCharsets.US_ASCII);
        for (Partition slot : List.of(Partition.ROOTFS_A, Partition.ROOTFS_B)) {
            Path fs = dir.resolve(slot.label() + ".ext4");
            MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-L", slot.label(), "-d", tree.toString(), fs.toString(),
                    SIZE_MIB.get(slot) + "M"), TIMEOUT).requireSuccess();
            disk.place(slot, fs);
        }
        return disk;
    }

    Path image() {
        return image;
    }

    /** A file from the root of the boot partition, read with mtools straight from the image; empty if absent. */
    Optional<byte[]> readBootFile(String name) throws IOException {
        Path out = work.resolve("read-" + name);
        Files.deleteIfExists(out);
        ExternalTool.Result result = MCOPY.run(List.of("-n", "-i", bootPartition(), "::" + name, out.toString()), TIMEOUT);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(out));
    }

    /** Writes a file into the root of the boot partition, replacing it. */
    void writeBootFile(String name, byte[] content) throws IOException {
        Path in = work.resolve("write-" + name);
        Files.write(in, content);
        MCOPY.run(List.of("-o", "-i", bootPartition(), in.toString(), "::" + name), TIMEOUT).requireSuccess();
    }

    /** Both state copies as they are on the disk now. */
    List<Optional<byte[]>> stateCopies() throws IOException {
        List<Optional<byte[]>> copies = new ArrayList<>();
        for (String name : BootContract.STATE_FILES) {
            copies.add(readBootFile(name));
        }
        return copies;
    }

    /** Copies both state files to {@code dir}, so a {@link UBootStateStore} can work on them, and back after. */
    void exportState(Path dir) throws IOException {
        for (String name : BootContract.STATE_FILES) {
            Files.write(dir.resolve(name), readBootFile(name).orElseThrow());
        }
    }

    void importState(Path dir) throws IOException {
        for (String name : BootContract.STATE_FILES) {
            writeBootFile(name, Files.readAllBytes(dir.resolve(name)));
        }
    }

    private String bootPartition() {
        return image + "@@" + offset(Partition.BOOT);
    }

    private void place(Partition partition, Path content) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(offset(partition));
            file.write(Files.readAllBytes(content));
        }
    }

    private static long offset(Partition partition) {
        long offset = MIB;
        for (Partition p : Partition.values()) {
            if (p == partition) {
                return offset;
            }
            offset += SIZE_MIB.get(p) * MIB;
        }
        throw new IllegalArgumentException(partition.toString());
    }
}
