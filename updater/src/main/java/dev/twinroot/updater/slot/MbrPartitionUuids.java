package dev.twinroot.updater.slot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a partition of an MBR disk by the kernel's PARTUUID, {@code SSSSSSSS-NN}: the disk signature (the
 * little-endian 32-bit number at byte 440 of the MBR) and the partition number, both in lower-case hex. The MBR
 * has no partition names, so this is how {@code system.json} names a Raspberry Pi's slots. Read from sysfs and
 * the disk's first sector, not {@code /dev/disk/by-partuuid}: Twinroot's init runs no udev.
 */
public final class MbrPartitionUuids {

    static final int SIGNATURE_OFFSET = 440;
    static final int TABLE_OFFSET = 446;
    static final int ENTRY_SIZE = 16;
    static final int TYPE_IN_ENTRY = 4;
    /** A GPT disk's protective MBR: its PARTUUIDs are the GPT's GUIDs, never a signature. */
    static final int PROTECTIVE_TYPE = 0xee;
    static final int SECTOR = 512;
    /** sysfs's {@code partition} file holds a small decimal number; anything longer is not what we expect. */
    static final int MAX_PARTITION_FILE = 16;

    private final Path sysClassBlock;
    private final Path dev;

    /** Reads {@code sysClassBlock/NAME/{partition,uevent}}, the disks' first sectors under {@code dev}. */
    public MbrPartitionUuids(Path sysClassBlock, Path dev) {
        this.sysClassBlock = sysClassBlock;
        this.dev = dev;
    }

    public static MbrPartitionUuids system() {
        return new MbrPartitionUuids(Path.of("/sys/class/block"), Path.of("/dev"));
    }

    /** {@code SSSSSSSS-NN} as the kernel writes it. */
    public static String partUuid(int diskSignature, int partitionNumber) {
        return String.format(Locale.ROOT, "%08x-%02x", diskSignature, partitionNumber);
    }

    /**
     * The device node of the one partition with this PARTUUID (compared without regard to case); empty if none
     * has it; an error if several have it (a cloned card in a USB reader), since writing the wrong one would
     * destroy it.
     */
    public Optional<Path> find(String partUuid) throws IOException {
        String wanted = partUuid.toLowerCase(Locale.ROOT);
        if (!Files.isDirectory(sysClassBlock)) {
            throw new SlotException(sysClassBlock + " is not a directory: is sysfs mounted?");
        }
        Map<Path, Optional<Integer>> signatures = new HashMap<>();
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysClassBlock)) {
            for (Path entry : entries) {
                Optional<Integer> number = partitionNumber(entry);
                Optional<String> name = devName(entry);
                if (number.isEmpty() || name.isEmpty()) {
                    continue;
                }
                // A partition's sysfs directory sits inside its disk's (class/block/vda2 -> .../block/vda/vda2).
                Path diskDir;
                try {
                    diskDir = entry.toRealPath().getParent();
                } catch (IOException e) {
                    continue; // the device went away while we listed the directory
                }
                Optional<String> disk = devName(diskDir);
                if (disk.isEmpty()) {
                    continue;
                }
                Path diskNode = dev.resolve(disk.get());
                Optional<Integer> signature = signatures.get(diskNode);
                if (signature == null) {
                    signature = signature(diskNode);
                    signatures.put(diskNode, signature);
                }
                if (signature.isPresent() && partUuid(signature.get(), number.get()).equals(wanted)) {
                    found.add(dev.resolve(name.get()));
                }
            }
        }
        if (found.size() > 1) {
            found.sort(null);
            throw new SlotException("partition uuid \"" + wanted + "\" is on " + found.size() + " partitions: " + found);
        }
        return found.stream().findFirst();
    }

    private static Optional<Integer> partitionNumber(Path entry) throws IOException {
        Path file = entry.resolve("partition");
        if (!Files.isRegularFile(file) || Files.size(file) > MAX_PARTITION_FILE) {
            return Optional.empty();
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!text.matches("[0-9]{1,6}")) {
            return Optional.empty();
        }
        int n = Integer.parseInt(text);
        return n > 0 ? Optional.of(n) : Optional.empty();
    }

    private static Optional<String> devName(Path dir) throws IOException {
        Path uevent = dir.resolve("uevent");
        if (!Files.isRegularFile(uevent) || Files.size(uevent) > PartitionLabels.MAX_UEVENT) {
            return Optional.empty();
        }
        return PartitionLabels.Uevent.parse(Files.readString(uevent, StandardCharsets.UTF_8)).devName();
    }

    /**
     * The signature of a disk with an MBR (boot signature 55 AA, no protective GPT entry); empty for any other
     * disk, or one that cannot be read (an empty card reader): such a disk has no MBR PARTUUIDs.
     */
    static Optional<Integer> signature(Path disk) {
        ByteBuffer sector = ByteBuffer.allocate(SECTOR).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel in = FileChannel.open(disk, StandardOpenOption.READ)) {
            while (sector.hasRemaining()) {
                if (in.read(sector, sector.position()) < 0) {
                    break;
                }
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        if (sector.hasRemaining()) {
            return Optional.empty();
        }
        return signature(sector.array());
    }

    /** The disk signature of a first sector, if it is an MBR that is not a GPT's protective one. */
    static Optional<Integer> signature(byte[] sector) {
        if (sector.length < SECTOR || (sector[510] & 0xff) != 0x55 || (sector[511] & 0xff) != 0xaa) {
            return Optional.empty();
        }
        for (int i = 0; i < 4; i++) {
            if ((sector[TABLE_OFFSET + i * ENTRY_SIZE + TYPE_IN_ENTRY] & 0xff) == PROTECTIVE_TYPE) {
                return Optional.empty();
            }
        }
        return Optional.of(ByteBuffer.wrap(sector, SIGNATURE_OFFSET, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    }
}
