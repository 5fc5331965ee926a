package dev.twinroot.updater.contract;

import java.util.Locale;

/**
 * The filesystem of a slot, fixed for a device's life because the boot script on the boot partition (which no
 * update rewrites) is generated for it. U-Boot reads files from ext4 only; for squashfs and erofs the kernel and
 * initramfs are also stored raw in the slot's {@link SlotBootArea}, right after the filesystem, where the boot
 * script finds them through the filesystem's own size field.
 */
public enum SlotFilesystemType {
    EXT4(0, 0),
    /** {@code bytes_used}, a little-endian 64-bit byte count at superblock offset 0x28 (low 32 bits read). */
    SQUASHFS(0x28, 1),
    /** erofs superblock at 1024: {@code blocks}, little-endian 32-bit at +0x24, in 4 KiB blocks. */
    EROFS(0x424, 4096);

    private final int sizeFieldOffset;
    private final int sizeUnit;

    SlotFilesystemType(int sizeFieldOffset, int sizeUnit) {
        this.sizeFieldOffset = sizeFieldOffset;
        this.sizeUnit = sizeUnit;
    }

    /** The name the kernel's {@code rootfstype=}, mount and the image config use. */
    public String kernelName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether U-Boot's {@code load} can read the slot's {@link BootContract#KERNEL_PATH} from the filesystem. */
    public boolean bootloaderReadsFiles() {
        return this == EXT4;
    }

    /** Offset in the slot of the little-endian 32-bit field giving the filesystem's size in {@link #sizeUnit()}s. */
    public int sizeFieldOffset() {
        requireBootArea();
        return sizeFieldOffset;
    }

    /** Bytes per unit of the size field. */
    public int sizeUnit() {
        requireBootArea();
        return sizeUnit;
    }

    private void requireBootArea() {
        if (bootloaderReadsFiles()) {
            throw new IllegalStateException(this + " slots have no boot area: U-Boot reads their files");
        }
    }

    /** The type named {@code ext4}, {@code squashfs} or {@code erofs}. */
    public static java.util.Optional<SlotFilesystemType> named(String name) {
        for (SlotFilesystemType t : values()) {
            if (t.kernelName().equals(name)) {
                return java.util.Optional.of(t);
            }
        }
        return java.util.Optional.empty();
    }
}
