package dev.twinroot.image.build;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.image.ImageException;
import dev.twinroot.updater.bootcontrol.grub.GrubBootAreaFiles;
import dev.twinroot.updater.bootcontrol.grub.GrubConfig;
import dev.twinroot.updater.bootcontrol.grub.GrubEfiImage;
import dev.twinroot.updater.bootcontrol.grub.GrubEnvCodec;
import dev.twinroot.updater.bootcontrol.uboot.BootScriptCompiler;
import dev.twinroot.updater.bootcontrol.uboot.RedundantBootState;
import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotFilesystemType;
import dev.twinroot.updater.slot.FileSlotStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The files of the boot partition. U-Boot: {@code boot.scr} compiled from the generated {@link UBootScript}
 * (and its source {@code boot.cmd}, for whoever debugs a board), and both copies of the initial boot state
 * written by the updater's codec (slot A first, {@link BootContract#DEFAULT_TRIES} each). GRUB: an EFI system
 * partition with {@code EFI/BOOT/BOOTAA64.EFI}, the generated {@code grub.cfg} and the initial {@code grubenv}
 * (and, for squashfs/erofs slots, each slot's boot area record).
 * The kernels stay in the slots.
 */
final class BootPartition {

    private BootPartition() {
    }

    static void writeUBoot(Path tree, UBootScript bootScript, long epochSeconds) throws IOException {
        Files.createDirectories(tree);
        String source = bootScript.source();
        Path script = tree.resolve(BootContract.BOOT_SCRIPT);
        BootScriptCompiler.compile(source, script);
        pinTimestamp(script, epochSeconds);
        List<byte[]> copies = RedundantBootState.initialCopies(BootState.defaults());
        for (int i = 0; i < copies.size(); i++) {
            Files.write(tree.resolve(BootContract.STATE_FILES.get(i)), copies.get(i));
        }
    }

    static void writeGrub(Path tree, String kernelArguments, Path grubModules) throws IOException {
        writeGrub(tree, kernelArguments, grubModules, SlotFilesystemType.EXT4, Map.of());
    }

    /**
     * GRUB for slots of {@code filesystem}. For squashfs and erofs also each slot's record of its boot area
     * ({@link GrubBootAreaFiles}), from {@code slotImages} (a slot without an image gets a record without
     * blocklists, which the installer rewrites in place when it writes that slot).
     */
    static void writeGrub(Path tree, String kernelArguments, Path grubModules, SlotFilesystemType filesystem,
            Map<Slot, Path> slotImages) throws IOException {
        Path efi = tree.resolve(GrubEfiImage.PATH);
        Files.createDirectories(efi.getParent());
        GrubEfiImage.build(grubModules, efi);
        Files.writeString(tree.resolve(BootContract.GRUB_CONFIG_FILE),
                new GrubConfig(kernelArguments, filesystem).source(), java.nio.charset.StandardCharsets.US_ASCII);
        Files.write(tree.resolve(BootContract.GRUB_ENV_FILE),
                GrubEnvCodec.encode(BootStateVariables.toVariables(BootState.defaults())));
        if (filesystem.bootloaderReadsFiles()) {
            return;
        }
        GrubBootAreaFiles records = new GrubBootAreaFiles(tree);
        for (Slot slot : Slot.values()) {
            Path record = tree.resolve(BootContract.grubBootAreaFile(slot));
            Files.write(record, GrubBootAreaFiles.block(Optional.empty()));
            if (slotImages.containsKey(slot)) {
                records.slotWritten(slot, new FileSlotStorage(slotImages.get(slot)));
                if (GrubEnvCodec.decode(Files.readAllBytes(record)).isEmpty()) {
                    throw new ImageException("slot " + slot + ": the " + filesystem.kernelName()
                            + " image has no boot area for GRUB to load the kernel from");
                }
            }
        }
    }

    /**
     * mkimage stamps the legacy image header with the build time unless SOURCE_DATE_EPOCH is in its
     * environment; the header's time (bytes 8-11, big-endian) is set to the epoch here and its CRC (bytes 4-7,
     * over the 64-byte header with the CRC field zero) recomputed, so boot.scr is the same on every build.
     */
    static void pinTimestamp(Path script, long epochSeconds) throws IOException {
        byte[] image = Files.readAllBytes(script);
        ByteBuffer header = ByteBuffer.wrap(image);
        if (image.length < 64 || header.getInt(0) != 0x27051956) {
            throw new dev.twinroot.image.ImageException("boot script " + script
                    + ": mkimage wrote no legacy image header (magic 0x27051956 at offset 0)");
        }
        header.putInt(8, (int) epochSeconds);
        header.putInt(4, 0);
        CRC32 crc = new CRC32();
        crc.update(image, 0, 64);
        header.putInt(4, (int) crc.getValue());
        Files.write(script, image);
    }
}
