package dev.twinroot.updater.contract;

import java.util.List;

/**
 * The boot contract between the bootloader, the installer and the supervisor: the single source of truth
 * that the U-Boot script, the GRUB configuration, the image builder and the Yocto layer derive from.
 *
 * <p>Bootloader, on every boot: take the first slot in {@link #BOOT_ORDER} whose tries left is above 0,
 * decrement it, save the state, and boot it with {@code twinroot.slot=<slot>} on the kernel command line;
 * if no slot has tries left, reset every slot to {@link #DEFAULT_TRIES} and boot the first. The supervisor
 * resets the booted slot's tries once the system proved healthy; the installer marks the target slot bad
 * before writing it and puts it first once it is verified.
 */
public final class BootContract {

    /** Space-separated slot names, first = primary, e.g. {@code "A B"}. */
    public static final String BOOT_ORDER = "BOOT_ORDER";

    /**
     * Sequence number of a stored copy of the boot state: {@code 0x} and lowercase hex digits, because U-Boot's
     * {@code setexpr} reads and writes hex and its {@code test -gt} reads {@code 0x} numbers as hex.
     */
    public static final String BOOT_SEQ = "BOOT_SEQ";

    /** Tries a slot gets when it is made primary or proved good. */
    public static final int DEFAULT_TRIES = 3;

    /**
     * Tries left are one decimal digit: U-Boot's {@code setexpr} computes in hex and {@code test} compares in
     * decimal, and the two agree only on 0-9.
     */
    public static final int MAX_TRIES = 9;

    /** The key on the kernel command line naming the booted slot: {@code twinroot.slot=A}. */
    public static final String CMDLINE_SLOT_KEY = "twinroot.slot";

    /** The slots in their default boot order. */
    public static final List<Slot> DEFAULT_ORDER = List.of(Slot.A, Slot.B);

    /**
     * The two copies of the U-Boot-format boot state in the root of the boot partition. Copy 1 wins a tie of
     * sequence numbers.
     */
    public static final List<String> STATE_FILES = List.of("boot-state-1.env", "boot-state-2.env");

    /** Size of each state copy, CRC included: U-Boot's usual {@code CONFIG_ENV_SIZE}. */
    public static final int STATE_SIZE = 0x4000;

    /** The compiled U-Boot script, found by U-Boot's distro boot on partition 1. */
    public static final String BOOT_SCRIPT = "boot.scr";

    /** The GRUB environment block holding the same variables for the UEFI + GRUB backend. */
    public static final String GRUB_ENV_FILE = "EFI/BOOT/grubenv";

    /** The GRUB configuration, next to {@code BOOTAA64.EFI} on the ESP. */
    public static final String GRUB_CONFIG_FILE = "EFI/BOOT/grub.cfg";

    /**
     * GRUB with squashfs or erofs slots: per slot, a GRUB environment block on the ESP naming where the slot's
     * boot area puts the kernel and initramfs, as blocklists GRUB reads ({@code SECTOR+COUNT}, 512-byte sectors
     * from the slot partition's start). Written by the image builder and, after each install, by the installer.
     */
    public static String grubBootAreaFile(Slot slot) {
        return "EFI/BOOT/slot-" + slot.name().toLowerCase(java.util.Locale.ROOT) + ".env";
    }

    /** The variables of a {@link #grubBootAreaFile}: the kernel's and the initramfs's blocklist. */
    public static final String GRUB_KERNEL_BLOCKS = "TWINROOT_KERNEL";
    public static final String GRUB_INITRD_BLOCKS = "TWINROOT_INITRD";

    /** Each slot's kernel, inside the slot so a slot is one atomic unit. */
    public static final String KERNEL_PATH = "/boot/Image";

    /** Each slot's initramfs. */
    public static final String INITRAMFS_PATH = "/boot/initrd.img";

    /** Seconds before a panicking kernel reboots, so the bootloader can count the failed try. */
    public static final int PANIC_REBOOT_SECONDS = 5;

    private BootContract() {
    }

    /** The kernel arguments that select a slot's root and tell the supervisor which slot booted. */
    public static String kernelArguments(Slot slot) {
        return kernelArguments("PARTLABEL=" + slot.partition().label(), slot);
    }

    /**
     * The same with another root device, e.g. {@code PARTUUID=1234abcd-02} on an MBR disk, which has no partition
     * names ({@link PartitionTable#MBR}).
     */
    public static String kernelArguments(String root, Slot slot) {
        return "root=" + root + " ro rootwait " + CMDLINE_SLOT_KEY + "=" + slot.name() + " panic="
                + PANIC_REBOOT_SECONDS;
    }
}
