package dev.twinroot.updater.bootcontrol;

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
 * A tiny raw disk in the default layout for booting the real bootloaders: GPT from sgdisk with the contract's
 * partition numbers and labels (partition 1 typed as an EFI system partition, which U-Boot ignores), a vfat
 * boot partition with the given files, and two small ext4 slots whose {@code /boot/Image} is not a kernel, so
 * the boot fails and the bootloader's script resets the machine.
 */
public final class TestDisk {

    public static final ExternalTool SGDISK = new ExternalTool("sgdisk", "gdisk");
    public static final ExternalTool MKFS_VFAT = new ExternalTool("mkfs.vfat", "dosfstools");
    public static final ExternalTool MCOPY = new ExternalTool("mcopy", "mtools");
    public static final ExternalTool MMD = new ExternalTool("mmd", "mtools");
    public static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");
    public static final ExternalTool SFDISK = new ExternalTool("sfdisk", "fdisk");
    public static final List<ExternalTool> TOOLS = List.of(SGDISK, MKFS_VFAT, MCOPY, MMD, MKE2FS, SFDISK);
    /** The MBR disk signature of {@link #createMbr} disks, as the kernel and U-Boot print it in a PARTUUID. */
    public static final String MBR_SIGNATURE = "1234abcd";

    private static final long MIB = 1 << 20;
    /** The partitions' sizes in MiB unless a test gives its own. */
    public static final Map<Partition, Long> SIZE_MIB = Map.of(
            Partition.BOOT, 8L, Partition.ROOTFS_A, 4L, Partition.ROOTFS_B, 4L, Partition.DATA, 2L);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path image;
    private final Path work;
    private final Map<Partition, Long> sizesMib;

    private TestDisk(Path image, Path work, Map<Partition, Long> sizesMib) {
        this.image = image;
        this.work = work;
        this.sizesMib = sizesMib;
    }

    /**
     * Builds the disk in {@code dir}; {@code bootFiles} maps paths in the boot partition ({@code a/b/c}, parent
     * directories created) to their content.
     */
    public static TestDisk create(Path dir, Map<String, byte[]> bootFiles) throws IOException {
        return create(dir, bootFiles, false, Map.of(), SIZE_MIB);
    }

    /**
     * A disk with an MBR (signature {@link #MBR_SIGNATURE}, boot partition type 0x0c and bootable, the others
     * 0x83) instead of a GPT, as on a Raspberry Pi; no partition has a name.
     */
    public static TestDisk createMbr(Path dir, Map<String, byte[]> bootFiles) throws IOException {
        return create(dir, bootFiles, true, Map.of(), SIZE_MIB);
    }

    /** A GPT disk whose slots hold these raw bytes (at the partition's start) instead of an ext4 filesystem. */
    public static TestDisk withRawSlots(Path dir, Map<String, byte[]> bootFiles, Map<Partition, byte[]> slots)
            throws IOException {
        return create(dir, bootFiles, false, slots, SIZE_MIB);
    }

    /** The same with partitions of these sizes in MiB (every partition named), e.g. for slots holding a real kernel. */
    public static TestDisk withRawSlots(Path dir, Map<String, byte[]> bootFiles, Map<Partition, byte[]> slots,
                                        Map<Partition, Long> sizesMib) throws IOException {
        return create(dir, bootFiles, false, slots, sizesMib);
    }

    private static TestDisk create(Path dir, Map<String, byte[]> bootFiles, boolean mbr, Map<Partition, byte[]> rawSlots,
                                   Map<Partition, Long> sizesMib) throws IOException {
        Path image = dir.resolve("disk.img");
        long total = 2 * MIB;
        for (Partition p : Partition.values()) {
            total += sizesMib.get(p) * MIB;
        }
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.setLength(total);
        }
        if (mbr) {
            partitionMbr(image, sizesMib);
        } else {
            partitionGpt(image, sizesMib);
        }
        TestDisk disk = new TestDisk(image, dir, sizesMib);

        Path boot = dir.resolve("boot.vfat");
        MKFS_VFAT.run(List.of("-C", "-n", "BOOT", boot.toString(), Long.toString(sizesMib.get(Partition.BOOT) * 1024)),
                TIMEOUT).requireSuccess();
        disk.place(Partition.BOOT, boot);
        for (Map.Entry<String, byte[]> file : bootFiles.entrySet()) {
            disk.writeBootFile(file.getKey(), file.getValue());
        }

        Path tree = dir.resolve("slot-tree");
        Files.createDirectories(tree.resolve("boot"));
        Files.writeString(tree.resolve(BootContract.KERNEL_PATH.substring(1)), "not a kernel\n", StandardCharsets.US_ASCII);
        Files.writeString(tree.resolve(BootContract.INITRAMFS_PATH.substring(1)), "not an initramfs\n",
                StandardCharsets.US_ASCII);
        for (Partition slot : List.of(Partition.ROOTFS_A, Partition.ROOTFS_B)) {
            if (rawSlots.containsKey(slot)) {
                Path raw = dir.resolve(slot.label() + ".raw");
                Files.write(raw, rawSlots.get(slot));
                disk.place(slot, raw);
                continue;
            }
            Path fs = dir.resolve(slot.label() + ".ext4");
            MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-L", slot.label(), "-d", tree.toString(), fs.toString(),
                    sizesMib.get(slot) + "M"), TIMEOUT).requireSuccess();
            disk.place(slot, fs);
        }
        return disk;
    }

    public Path image() {
        return image;
    }

    /** First sector of a partition (512-byte sectors), as U-Boot's {@code part start} reports it. */
    public static long startSector(Partition partition) {
        return offset(partition, SIZE_MIB) / 512;
    }

    private static void partitionGpt(Path image, Map<Partition, Long> sizesMib) throws IOException {
        List<String> args = new ArrayList<>();
        long start = MIB / 512;
        for (Partition p : Partition.values()) {
            long sectors = sizesMib.get(p) * MIB / 512;
            args.addAll(List.of("-n", p.number() + ":" + start + ":" + (start + sectors - 1),
                    "-c", p.number() + ":" + p.label()));
            start += sectors;
        }
        args.addAll(List.of("-t", Partition.BOOT.number() + ":ef00", image.toString()));
        SGDISK.run(args, TIMEOUT).requireSuccess();
    }

    /** Writes the MBR in Java (sfdisk reads its script from stdin only); sfdisk checks it reads it back as meant. */
    private static void partitionMbr(Path image, Map<Partition, Long> sizesMib) throws IOException {
        java.nio.ByteBuffer mbr = java.nio.ByteBuffer.allocate(512).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        mbr.putInt(440, Integer.parseUnsignedInt(MBR_SIGNATURE, 16));
        for (Partition p : Partition.values()) {
            int entry = 446 + 16 * (p.number() - 1);
            mbr.put(entry, (byte) (p == Partition.BOOT ? 0x80 : 0));
            mbr.put(entry + 4, (byte) (p == Partition.BOOT ? 0x0c : 0x83));
            mbr.putInt(entry + 8, (int) (offset(p, sizesMib) / 512));
            mbr.putInt(entry + 12, (int) (sizesMib.get(p) * MIB / 512));
        }
        mbr.putShort(510, (short) 0xaa55);
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.write(mbr.array());
        }
        String dump = SFDISK.run(List.of("--dump", image.toString()), TIMEOUT).requireSuccess().stdout();
        if (!dump.contains("label-id: 0x" + MBR_SIGNATURE) || !dump.matches("(?s).*start=\\s+" + offset(Partition.ROOTFS_A, sizesMib) / 512 + ", size=\\s+" + sizesMib.get(Partition.ROOTFS_A) * MIB / 512 + ", type=83\n.*")) {
            throw new IOException("sfdisk reads the test MBR differently:\n" + dump);
        }
    }

    /** A file of the boot partition, read with mtools straight from the image; empty if absent. */
    public Optional<byte[]> readBootFile(String path) throws IOException {
        Path out = work.resolve("read-" + path.replace('/', '_'));
        Files.deleteIfExists(out);
        ExternalTool.Result result = MCOPY.run(List.of("-n", "-i", bootPartition(), "::" + path, out.toString()), TIMEOUT);
        if (!result.succeeded()) {
            return Optional.empty();
        }
        return Optional.of(Files.readAllBytes(out));
    }

    /** Writes a file of the boot partition, creating its directories and replacing the file. */
    public void writeBootFile(String path, byte[] content) throws IOException {
        String[] parts = path.split("/");
        StringBuilder parent = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            parent.append(i == 0 ? "" : "/").append(parts[i]);
            MMD.run(List.of("-D", "s", "-i", bootPartition(), "::" + parent), TIMEOUT);
        }
        Path in = work.resolve("write-" + path.replace('/', '_'));
        Files.write(in, content);
        MCOPY.run(List.of("-o", "-i", bootPartition(), in.toString(), "::" + path), TIMEOUT).requireSuccess();
    }

    /** Copies these boot partition files to {@code mount} (as if the partition were mounted there). */
    public void export(Path mount, List<String> paths) throws IOException {
        for (String path : paths) {
            Path target = mount.resolve(path);
            Files.createDirectories(target.getParent());
            Files.write(target, readBootFile(path).orElseThrow());
        }
    }

    /** Copies these files from {@code mount} back into the boot partition. */
    public void importFrom(Path mount, List<String> paths) throws IOException {
        for (String path : paths) {
            writeBootFile(path, Files.readAllBytes(mount.resolve(path)));
        }
    }

    private String bootPartition() {
        return image + "@@" + offset(Partition.BOOT, sizesMib);
    }

    private void place(Partition partition, Path content) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(image.toFile(), "rw")) {
            file.seek(offset(partition, sizesMib));
            file.write(Files.readAllBytes(content));
        }
    }

    private static long offset(Partition partition, Map<Partition, Long> sizesMib) {
        long offset = MIB;
        for (Partition p : Partition.values()) {
            if (p == partition) {
                return offset;
            }
            offset += sizesMib.get(p) * MIB;
        }
        throw new IllegalArgumentException(partition.toString());
    }
}
