package dev.twinroot.updater.bootcontrol.grub;

import dev.twinroot.updater.bootcontrol.SlotBootFiles;
import dev.twinroot.updater.bootcontrol.StateFile;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.slot.SlotBootAreaReader;
import dev.twinroot.updater.slot.SlotStorage;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * GRUB's per-slot record of a squashfs or erofs slot's boot area ({@link BootContract#grubBootAreaFile}). GRUB
 * 2.06 reads no erofs and its script has no arithmetic, so it cannot find the area behind the filesystem as the
 * U-Boot script does; the area's offsets change with every image, so they cannot be fixed in {@code grub.cfg}
 * either (which no update rewrites). Instead this writes, per slot, a GRUB environment block with two blocklists
 * ({@code TWINROOT_KERNEL=SECTOR+COUNT}) that {@code grub.cfg} loads with {@code load_env} and hands to
 * {@code linux} and {@code initrd} as {@code (hd0,gptN)SECTOR+COUNT}. The counts round up to whole sectors;
 * what follows each part inside the area is zero padding, which neither the kernel's loader nor its initramfs
 * unpacker minds.
 */
public final class GrubBootAreaFiles implements SlotBootFiles {

    static final int SECTOR = 512;

    private final Path esp;

    /** @param esp the directory where the EFI system partition is mounted */
    public GrubBootAreaFiles(Path esp) {
        this.esp = esp;
    }

    /**
     * Reads the slot's boot area and rewrites its record in place. A slot without one (ext4, read as files by
     * {@code grub.cfg}) gets a record without the variables if it had a record, so nothing stale remains.
     */
    @Override
    public void slotWritten(Slot slot, SlotStorage storage) throws IOException {
        Optional<SlotBootAreaReader.Location> area;
        try (SeekableByteChannel in = storage.openRead()) {
            area = SlotBootAreaReader.read(in);
        }
        Path file = esp.resolve(BootContract.grubBootAreaFile(slot));
        if (area.isPresent() || Files.exists(file)) {
            Files.createDirectories(file.getParent());
            StateFile.overwrite(file, block(area));
        }
    }

    /** The environment block for a slot with this boot area, or an empty block for a slot without one. */
    public static byte[] block(Optional<SlotBootAreaReader.Location> area) {
        return GrubEnvCodec.encode(variables(area));
    }

    static Map<String, String> variables(Optional<SlotBootAreaReader.Location> area) {
        Map<String, String> vars = new LinkedHashMap<>();
        area.ifPresent(a -> {
            vars.put(BootContract.GRUB_KERNEL_BLOCKS, blocklist(a.kernelOffset(), a.kernelSize()));
            vars.put(BootContract.GRUB_INITRD_BLOCKS, blocklist(a.initrdOffset(), a.initrdSize()));
        });
        return vars;
    }

    /** {@code SECTOR+COUNT}: the area's parts start on sector boundaries (docs/formats/slot-boot-area.md). */
    static String blocklist(long offset, long length) {
        if (offset % SECTOR != 0) {
            throw new IllegalArgumentException("boot area part at " + offset + " is not on a 512-byte sector");
        }
        return offset / SECTOR + "+" + Math.addExact(length, SECTOR - 1) / SECTOR;
    }
}
