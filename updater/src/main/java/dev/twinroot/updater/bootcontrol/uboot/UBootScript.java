package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotBootArea;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The U-Boot boot script ({@code boot.cmd}) implementing the boot contract, generated from {@link BootContract}
 * so that names, numbers and paths cannot drift from the Java side. Written for U-Boot's hush shell: no
 * arithmetic except {@code setexpr} (hex), {@code test} comparing decimal or {@code 0x} hex, no functions.
 *
 * <p>Steps: load both state copies from the boot partition; a copy is valid when it is {@code STATE_SIZE}
 * bytes, {@code env import -c} accepts its CRC and it has a {@code BOOT_SEQ}; take the valid one with the
 * larger sequence number (copy 1 on a tie), or the defaults if none is valid; pick the first slot in
 * {@code BOOT_ORDER} with tries left (resetting every slot's tries if none has any), decrement, export the
 * state with the next sequence number over the other copy, and boot the slot's kernel. If the boot returns,
 * the board is reset so that the next try is counted.
 *
 * <p>The kernel comes from the slot's ext4 filesystem, or, for squashfs and erofs slots (which U-Boot cannot
 * read), from the raw {@link SlotBootArea} after the filesystem. On an MBR disk the root is passed as the slot
 * partition's {@code PARTUUID}, which {@code part uuid} reads from the disk at boot.
 */
public final class UBootScript {

    /** Console lines the script prints, for logs and tests. */
    public static final String NO_VALID_STATE_MARKER = "twinroot: no valid boot state, using defaults";
    public static final String RESET_MARKER = "twinroot: no slot has tries left, resetting every slot to "
            + BootContract.DEFAULT_TRIES;
    public static final String SAVING_MARKER = "twinroot: saving boot state to";
    public static final String SAVE_FAILED_MARKER = "twinroot: could not save the boot state, booting anyway";
    public static final String BOOT_FAILED_MARKER = "twinroot: boot failed, resetting";

    public static final String NO_BOOT_AREA_MARKER = "twinroot: no boot area after the filesystem of the slot";

    private final String extraKernelArguments;
    private final PartitionTable table;
    private final SlotFilesystemType filesystem;

    /** A script for a GPT disk with ext4 slots. */
    public UBootScript(String extraKernelArguments) {
        this(extraKernelArguments, PartitionTable.GPT, SlotFilesystemType.EXT4);
    }

    /**
     * @param extraKernelArguments appended to the contract's kernel arguments, e.g. {@code console=ttyAMA0}
     * @param table how the root partition is named to the kernel
     * @param filesystem the slots' filesystem: where the kernel is loaded from
     */
    public UBootScript(String extraKernelArguments, PartitionTable table, SlotFilesystemType filesystem) {
        // U-Boot 2023.01's hush opens a single-quoted string at an apostrophe even inside double quotes.
        if (extraKernelArguments.contains("\"") || extraKernelArguments.contains("'") || extraKernelArguments.contains("\n")
                || extraKernelArguments.contains("$")) {
            throw new IllegalArgumentException("extra kernel arguments must not contain quotes, $ or newlines");
        }
        this.extraKernelArguments = extraKernelArguments.strip();
        this.table = table;
        this.filesystem = filesystem;
    }

    /** The marker printed before booting, e.g. {@code twinroot: booting slot A (tries left 2)}. */
    public static String bootingMarker(Slot slot, int triesLeft) {
        return "twinroot: booting slot " + slot + " (tries left " + triesLeft + ")";
    }

    /** The script's source text, ready for {@code mkimage -T script}. */
    public String source() {
        String size = "0x" + Integer.toHexString(BootContract.STATE_SIZE);
        String filesize = Integer.toHexString(BootContract.STATE_SIZE);
        String vars = stateVariables();
        String bootPart = "${devtype} ${devnum}:" + Partition.BOOT.number();
        StringBuilder s = new StringBuilder();
        s.append("# Twinroot boot script, generated from ").append(BootContract.class.getName())
                .append(": do not edit.\n");
        s.append("# Boot contract: boot the first slot in ").append(BootContract.BOOT_ORDER)
                .append(" with tries left, after decrementing and saving its tries.\n");
        s.append("if test -z \"${devtype}\"; then setenv devtype virtio; fi\n");
        s.append("if test -z \"${devnum}\"; then setenv devnum 0; fi\n");
        s.append("setenv tr_addr1 ${kernel_addr_r}\n");
        // Each copy is loaded with a limit of one byte more than its size (so an oversized file shows in
        // ${filesize} without overwriting memory), hence the gap of two sizes between the load addresses.
        s.append("setexpr tr_addr2 ${kernel_addr_r} + 0x").append(Integer.toHexString(2 * BootContract.STATE_SIZE))
                .append('\n');
        for (int copy = 1; copy <= 2; copy++) {
            String file = BootContract.STATE_FILES.get(copy - 1);
            s.append("# copy ").append(copy).append(": valid if it loads, has the right size, a good CRC and a ")
                    .append(BootContract.BOOT_SEQ).append('\n');
            s.append("setenv tr_seq").append(copy).append('\n');
            s.append("setenv ").append(BootContract.BOOT_SEQ).append('\n');
            s.append("if load ").append(bootPart).append(" ${tr_addr").append(copy).append("} ").append(file).append(" 0x")
                    .append(Integer.toHexString(BootContract.STATE_SIZE + 1)).append("; then if test \"${filesize}\" = ").append(filesize).append("; then if env import -c ${tr_addr")
                    .append(copy).append("} ").append(size).append(' ').append(BootContract.BOOT_SEQ)
                    .append("; then setenv tr_seq").append(copy).append(" ${").append(BootContract.BOOT_SEQ)
                    .append("}; fi; fi; fi\n");
        }
        s.append("setenv tr_use\n");
        s.append("if test -n \"${tr_seq1}\"; then setenv tr_use 1; fi\n");
        s.append("if test -n \"${tr_seq2}\"; then if test -z \"${tr_use}\"; then setenv tr_use 2; "
                + "elif test ${tr_seq2} -gt ${tr_seq1}; then setenv tr_use 2; fi; fi\n");
        s.append(clear(vars));
        s.append("if test \"${tr_use}\" = 1; then env import -c ${tr_addr1} ").append(size).append(' ').append(vars)
                .append("; setenv tr_write 2; fi\n");
        s.append("if test \"${tr_use}\" = 2; then env import -c ${tr_addr2} ").append(size).append(' ').append(vars)
                .append("; setenv tr_write 1; fi\n");
        s.append("if test -z \"${tr_use}\"; then echo \"").append(NO_VALID_STATE_MARKER).append("\"; ")
                .append(defaults()).append("setenv ").append(BootContract.BOOT_SEQ).append(" 0x0; setenv tr_write 1; fi\n");
        s.append(chooseSlot());
        s.append("if test -z \"${tr_slot}\"; then echo \"").append(RESET_MARKER).append("\"; ").append(resetTries())
                .append("fi\n");
        s.append(chooseSlot());
        s.append("# BOOT_ORDER names no known slot: fall back to the default order\n");
        s.append("if test -z \"${tr_slot}\"; then setenv ").append(BootContract.BOOT_ORDER).append(" \"")
                .append(defaultOrder()).append("\"; setenv tr_slot ").append(BootContract.DEFAULT_ORDER.get(0))
                .append("; fi\n");
        for (Slot slot : Slot.values()) {
            s.append("if test \"${tr_slot}\" = ").append(slot).append("; then setexpr ").append(slot.leftVariable())
                    .append(" ${").append(slot.leftVariable()).append("} - 1; setenv tr_left ${")
                    .append(slot.leftVariable()).append("}; setenv tr_part ").append(slot.partition().number())
                    .append(partUuid(slot)).append("; setenv bootargs \"").append(kernelArguments(slot))
                    .append("\"; fi\n");
        }
        s.append("setexpr tr_next ${").append(BootContract.BOOT_SEQ).append("} + 1\n");
        s.append("setenv ").append(BootContract.BOOT_SEQ).append(" 0x${tr_next}\n");
        s.append("env export -c -s ").append(size).append(" ${tr_addr1} ").append(vars).append('\n');
        s.append("if test \"${tr_write}\" = 1; then setenv tr_file ").append(BootContract.STATE_FILES.get(0))
                .append("; else setenv tr_file ").append(BootContract.STATE_FILES.get(1)).append("; fi\n");
        s.append("echo \"").append(SAVING_MARKER).append(" ${tr_file}\"\n");
        s.append("if fatwrite ").append(bootPart).append(" ${tr_addr1} ${tr_file} ").append(size)
                .append("; then echo \"twinroot: saved boot state to ${tr_file}\"; else echo \"").append(SAVE_FAILED_MARKER).append("\"; fi\n");
        s.append("echo \"twinroot: booting slot ${tr_slot} (tries left ${tr_left})\"\n");
        s.append("echo \"twinroot: kernel arguments ${bootargs}\"\n");
        s.append(filesystem.bootloaderReadsFiles() ? loadFromFilesystem() : loadFromBootArea());
        s.append("echo \"").append(BOOT_FAILED_MARKER).append("\"\n");
        s.append("reset\n");
        return s.toString();
    }

    private String kernelArguments(Slot slot) {
        String args = table == PartitionTable.MBR ? BootContract.kernelArguments("PARTUUID=${tr_partuuid}", slot)
                : BootContract.kernelArguments(slot);
        if (!filesystem.bootloaderReadsFiles()) {
            args += " rootfstype=" + filesystem.kernelName();
        }
        return extraKernelArguments.isEmpty() ? args : args + " " + extraKernelArguments;
    }

    /** MBR: the slot's PARTUUID ({@code SIGNATURE-NN}) into {@code tr_partuuid}, before bootargs expands it. */
    private String partUuid(Slot slot) {
        if (table != PartitionTable.MBR) {
            return "";
        }
        return "; setenv tr_partuuid; part uuid ${devtype} ${devnum}:" + slot.partition().number() + " tr_partuuid";
    }

    private static String loadFromFilesystem() {
        return "if load ${devtype} ${devnum}:${tr_part} ${kernel_addr_r} " + BootContract.KERNEL_PATH
                + "; then if load ${devtype} ${devnum}:${tr_part} ${ramdisk_addr_r} " + BootContract.INITRAMFS_PATH
                + "; then booti ${kernel_addr_r} ${ramdisk_addr_r}:${filesize} ${fdtcontroladdr}; fi; fi\n";
    }

    /**
     * Raw block reads (512-byte sectors, as on SD cards and virtio disks): the slot's first 4 KiB for the
     * filesystem's size field, the boot area's header after it, then initramfs and kernel. {@code setexpr.l
     * NAME *ADDR} reads a little-endian 32-bit word; every number here is hex, as setexpr writes them.
     */
    private String loadFromBootArea() {
        String align = hex(SlotBootArea.ALIGNMENT);
        String alignSectors = hex(SlotBootArea.ALIGNMENT / 512);
        StringBuilder s = new StringBuilder();
        s.append("# ").append(filesystem.kernelName()).append(" slot: U-Boot cannot read it; the kernel is in the boot"
                + " area after the filesystem\n");
        s.append("setenv tr_area\n");
        s.append("if part start ${devtype} ${devnum} ${tr_part} tr_start; then if ${devtype} dev ${devnum}; then if ")
                .append("${devtype} read ${kernel_addr_r} ${tr_start} ").append(alignSectors)
                .append("; then setenv tr_area 1; fi; fi; fi\n");
        s.append("if test -n \"${tr_area}\"; then setexpr tr_p ${kernel_addr_r} + ")
                .append(hex(filesystem.sizeFieldOffset())).append("; setexpr.l tr_fs *${tr_p}; setexpr tr_fs ${tr_fs} * ")
                .append(hex(filesystem.sizeUnit())).append("; setexpr tr_fs ${tr_fs} + ").append(hex(SlotBootArea.ALIGNMENT - 1))
                .append("; setexpr tr_fs ${tr_fs} / ").append(align).append("; setexpr tr_blk ${tr_fs} * ")
                .append(alignSectors).append("; setexpr tr_blk ${tr_start} + ${tr_blk}; setenv tr_area; if ${devtype} read"
                        + " ${kernel_addr_r} ${tr_blk} ").append(alignSectors)
                .append("; then setexpr.l tr_magic *${kernel_addr_r}; if test \"${tr_magic}\" = ")
                .append(Integer.toHexString(SlotBootArea.MAGIC)).append("; then setenv tr_area 1; fi; fi; fi\n");
        s.append("if test -n \"${tr_area}\"; then").append(field("tr_koff", SlotBootArea.KERNEL_OFFSET_OFFSET))
                .append(field("tr_ksize", SlotBootArea.KERNEL_SIZE_OFFSET)).append(sectors("tr_k")).append(" fi\n");
        s.append("if test -n \"${tr_area}\"; then").append(field("tr_ioff", SlotBootArea.INITRD_OFFSET_OFFSET))
                .append(field("tr_isize", SlotBootArea.INITRD_SIZE_OFFSET)).append(sectors("tr_i")).append(" fi\n");
        s.append("if test -n \"${tr_area}\"; then echo \"twinroot: kernel in the boot area at sector ${tr_blk}, ")
                .append("0x${tr_ksize} bytes, initramfs 0x${tr_isize} bytes\"; if ${devtype} read ${ramdisk_addr_r} ${tr_iblk}")
                .append(" ${tr_icnt}; then if ${devtype} read ${kernel_addr_r} ${tr_kblk} ${tr_kcnt}; then booti")
                .append(" ${kernel_addr_r} ${ramdisk_addr_r}:${tr_isize} ${fdtcontroladdr}; fi; fi; else echo \"")
                .append(NO_BOOT_AREA_MARKER).append("\"; fi\n");
        return s.toString();
    }

    private static String field(String variable, int offset) {
        return " setexpr tr_p ${kernel_addr_r} + " + hex(offset) + "; setexpr.l " + variable + " *${tr_p};";
    }

    /** {@code PREFIXblk}, {@code PREFIXcnt}: first sector and sector count of the part at PREFIXoff, PREFIXsize. */
    private static String sectors(String prefix) {
        return " setexpr " + prefix + "blk ${" + prefix + "off} / 0x200; setexpr " + prefix + "blk ${tr_blk} + ${"
                + prefix + "blk}; setexpr " + prefix + "cnt ${" + prefix + "size} + 0x1ff; setexpr " + prefix
                + "cnt ${" + prefix + "cnt} / 0x200;";
    }

    private static String hex(int value) {
        return "0x" + Integer.toHexString(value);
    }

    private static String stateVariables() {
        List<String> names = new java.util.ArrayList<>();
        names.add(BootContract.BOOT_ORDER);
        for (Slot slot : Slot.values()) {
            names.add(slot.leftVariable());
        }
        names.add(BootContract.BOOT_SEQ);
        return String.join(" ", names);
    }

    /** env import leaves variables it does not find untouched, so they are cleared first. */
    private static String clear(String vars) {
        return List.of(vars.split(" ")).stream().map(v -> "setenv " + v + "\n").collect(Collectors.joining());
    }

    private static String defaults() {
        return "setenv " + BootContract.BOOT_ORDER + " \"" + defaultOrder() + "\"; " + resetTries();
    }

    private static String resetTries() {
        StringBuilder s = new StringBuilder();
        for (Slot slot : Slot.values()) {
            s.append("setenv ").append(slot.leftVariable()).append(' ').append(BootContract.DEFAULT_TRIES).append("; ");
        }
        return s.toString();
    }

    private static String defaultOrder() {
        return BootContract.DEFAULT_ORDER.stream().map(Slot::name).collect(Collectors.joining(" "));
    }

    private static String chooseSlot() {
        StringBuilder s = new StringBuilder("setenv tr_slot\nfor s in ${").append(BootContract.BOOT_ORDER)
                .append("}; do if test -z \"${tr_slot}\"; then");
        for (Slot slot : Slot.values()) {
            s.append(" if test \"${s}\" = ").append(slot).append("; then if test \"${").append(slot.leftVariable())
                    .append("}\" -gt 0; then setenv tr_slot ").append(slot).append("; fi; fi;");
        }
        return s.append(" fi; done\n").toString();
    }
}
