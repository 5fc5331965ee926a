package dev.twinroot.qemu;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads files back from a raw disk image after QEMU has exited, the way a scenario checks what the guest wrote:
 * vfat partitions through mtools, ext4 partitions through debugfs, neither needing root or a loop device. The
 * filesystem type is recognised from its superblock.
 *
 * <pre>{@code
 * byte[] state = device.disk().readFile("boot", "/boot-state.env");
 * }</pre>
 */
public final class DiskImage {

    private static final long MAX_FILE = 256L << 20;

    private final Path image;

    public DiskImage(Path image) {
        this.image = image;
    }

    public Path path() {
        return image;
    }

    /** A file from the partition with this GPT name ({@code boot}, {@code data}...). */
    public byte[] readFile(String partitionName, String path) throws IOException {
        return readFile(PartitionTable.read(image).byName(partitionName), path);
    }

    /** A file from partition {@code number} (1-based). */
    public byte[] readFile(int partitionNumber, String path) throws IOException {
        return readFile(PartitionTable.read(image).byNumber(partitionNumber), path);
    }

    /** SHA-256 (hex) of the whole partition with this GPT name, e.g. to prove a slot was not touched. */
    public String partitionSha256(String partitionName) throws IOException {
        PartitionTable.Partition part = PartitionTable.read(image).byName(partitionName);
        try (FileChannel ch = FileChannel.open(image, StandardOpenOption.READ)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
            for (long done = 0; done < part.size(); ) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), part.size() - done));
                int n = ch.read(buffer, part.offset() + done);
                if (n < 0) {
                    throw new QemuException(image.getFileName() + " ends inside partition " + partitionName);
                }
                sha.update(buffer.flip());
                done += n;
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    private byte[] readFile(PartitionTable.Partition part, String path) throws IOException {
        if (!path.matches("/?[A-Za-z0-9._+\\-/]{1,255}") || path.contains("..")) {
            throw new IllegalArgumentException("file path must be plain (letters, digits, ._+-/), found '" + path + "'");
        }
        String absolute = path.startsWith("/") ? path : "/" + path;
        Path dir = Files.createTempDirectory("twinroot-disk-read");
        Path tmp = dir.resolve("file");
        try {
            switch (probe(part)) {
                case VFAT -> {
                    ExternalTool.Result r = QemuTools.MCOPY.run(List.of("-n", "-i", image + "@@" + part.offset(),
                            "::" + absolute, tmp.toString()), Duration.ofSeconds(60));
                    if (!r.succeeded() && !r.stderr().contains("not found")) {
                        r.requireSuccess();
                    }
                }
                case EXT4 -> QemuTools.DEBUGFS.run(List.of("-R", "dump " + absolute + " " + tmp,
                        image + "?offset=" + part.offset()), Duration.ofSeconds(60)).requireSuccess();
            }
            // debugfs exits 0 even for a missing file; for both tools, no output file is how they say so.
            if (!Files.isRegularFile(tmp)) {
                throw new GuestFileNotFoundException(image.getFileName() + " partition " + part.number()
                        + ": no file " + absolute);
            }
            if (Files.size(tmp) > MAX_FILE) {
                throw new QemuException(absolute + " is " + Files.size(tmp) + " bytes, more than this reader's "
                        + MAX_FILE + " byte cap");
            }
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
            Files.delete(dir);
        }
    }

    private enum Filesystem { VFAT, EXT4 }

    private Filesystem probe(PartitionTable.Partition part) throws IOException {
        byte[] boot = new byte[2048];
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "r")) {
            if (part.offset() + boot.length > f.length()) {
                throw new QemuException(image.getFileName() + " partition " + part.number() + " at offset "
                        + part.offset() + " lies beyond the end of the image (" + f.length() + " bytes)");
            }
            f.seek(part.offset());
            f.readFully(boot);
        }
        // ext4 superblock at 1024, magic 0xEF53 little-endian at offset 56 in it.
        if ((boot[1024 + 56] & 0xff) == 0x53 && (boot[1024 + 57] & 0xff) == 0xef) {
            return Filesystem.EXT4;
        }
        // FAT boot sector: 0x55AA signature, "FAT" at 0x36 (FAT12/16) or 0x52 (FAT32).
        boolean signature = (boot[510] & 0xff) == 0x55 && (boot[511] & 0xff) == 0xaa;
        if (signature && (startsWith(boot, 0x36, "FAT") || startsWith(boot, 0x52, "FAT"))) {
            return Filesystem.VFAT;
        }
        throw new QemuException(image.getFileName() + " partition " + part.number()
                + ": neither vfat nor ext4 (no FAT boot sector, no ext4 magic at offset 1080)");
    }

    private static boolean startsWith(byte[] b, int at, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
