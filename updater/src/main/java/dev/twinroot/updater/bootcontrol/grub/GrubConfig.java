package dev.twinroot.updater.bootcontrol.grub;

import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The GRUB configuration ({@code grub.cfg}) implementing the boot contract with {@code load_env} and
 * {@code save_env}, generated from {@link BootContract}. GRUB's script has no arithmetic, so decrementing is a
 * generated chain of comparisons over 0..{@link BootContract#MAX_TRIES}, and "has tries left" is a comparison
 * with each of 1..MAX_TRIES (anything else, including garbage, counts as no tries, as in the U-Boot script).
 */
public final class GrubConfig {

    /** GRUB modules the configuration uses; {@link GrubEfiImage} builds them into the EFI binary. */
    public static final List<String> REQUIRED_MODULES = List.of(
            "part_gpt", "fat", "ext2", "normal", "configfile", "loadenv", "test", "regexp", "echo", "linux", "reboot");

    private final String extraKernelArguments;
    private final SlotFilesystemType filesystem;

    /** @param extraKernelArguments appended to the contract's kernel arguments, e.g. {@code console=ttyAMA0} */
    public GrubConfig(String extraKernelArguments) {
        this(extraKernelArguments, SlotFilesystemType.EXT4);
    }

    /**
     * For slots of {@code filesystem}: ext4 slots' kernels are loaded as files; squashfs and erofs slots' from
     * their boot area, through the blocklists in each slot's {@link BootContract#grubBootAreaFile}.
     */
    public GrubConfig(String extraKernelArguments, SlotFilesystemType filesystem) {
        this.filesystem = filesystem;
        if (extraKernelArguments.contains("\"") || extraKernelArguments.contains("\n")
                || extraKernelArguments.contains("$")) {
            throw new IllegalArgumentException("extra kernel arguments must not contain quotes, '$' or newlines");
        }
        this.extraKernelArguments = extraKernelArguments.strip();
    }

    /** The configuration text. */
    public String source() {
        String vars = stateVariables();
        String env = "\"${prefix}/grubenv\"";
        StringBuilder s = new StringBuilder();
        s.append("# Twinroot GRUB configuration, generated from ").append(BootContract.class.getName())
                .append(": do not edit.\n");
        s.append("# Boot contract: boot the first slot in ").append(BootContract.BOOT_ORDER)
                .append(" with tries left, after decrementing and saving its tries.\n");
        s.append("set timeout=0\n");
        for (String var : vars.split(" ")) {
            s.append("set ").append(var).append("=\"\"\n");
        }
        s.append("load_env --file ").append(env).append(' ').append(vars).append('\n');
        s.append("if [ -z \"${").append(BootContract.BOOT_ORDER).append("}\" ]; then\n");
        s.append("  echo \"twinroot: no valid boot state, using defaults\"\n");
        s.append("  set ").append(BootContract.BOOT_ORDER).append("=\"").append(defaultOrder()).append("\"\n");
        s.append(resetTries("  "));
        s.append("fi\n");
        s.append(chooseSlot());
        s.append("if [ -z \"${tr_slot}\" ]; then\n");
        s.append("  echo \"twinroot: no slot has tries left, resetting every slot to ")
                .append(BootContract.DEFAULT_TRIES).append("\"\n");
        s.append(resetTries("  "));
        s.append("fi\n");
        s.append(chooseSlot());
        s.append("if [ -z \"${tr_slot}\" ]; then\n  set ").append(BootContract.BOOT_ORDER).append("=\"")
                .append(defaultOrder()).append("\"\n  set tr_slot=").append(BootContract.DEFAULT_ORDER.get(0))
                .append("\nfi\n");
        for (Slot slot : Slot.values()) {
            s.append("if [ \"${tr_slot}\" = ").append(slot).append(" ]; then\n");
            s.append(decrement(slot.leftVariable()));
            s.append("  set tr_left=\"${").append(slot.leftVariable()).append("}\"\n");
            s.append("  set tr_part=gpt").append(slot.partition().number()).append('\n');
            s.append("  set tr_args=\"").append(kernelArguments(slot)).append("\"\n");
            if (!filesystem.bootloaderReadsFiles()) {
                s.append("  set tr_area=\"${prefix}/").append(fileName(BootContract.grubBootAreaFile(slot)))
                        .append("\"\n");
            }
            s.append("fi\n");
        }
        s.append("save_env --file ").append(env).append(' ').append(stateVariables()).append('\n');
        s.append("set tr_disk=\"\"\n");
        s.append("regexp --set=1:tr_disk '^([^,]+),' \"${root}\"\n");
        s.append("if [ -z \"${tr_disk}\" ]; then set tr_disk=hd0; fi\n");
        s.append("echo \"twinroot: booting slot ${tr_slot} (tries left ${tr_left})\"\n");
        if (filesystem.bootloaderReadsFiles()) {
            s.append("echo \"twinroot: kernel (${tr_disk},${tr_part})").append(BootContract.KERNEL_PATH)
                    .append(" arguments ${tr_args}\"\n");
            s.append("linux (${tr_disk},${tr_part})").append(BootContract.KERNEL_PATH).append(" ${tr_args}\n");
            s.append("initrd (${tr_disk},${tr_part})").append(BootContract.INITRAMFS_PATH).append('\n');
        } else {
            s.append(bootAreaLoad());
        }
        s.append("boot\n");
        s.append("echo \"twinroot: boot failed, resetting\"\n");
        s.append("reboot\n");
        return s.toString();
    }

    /** Loads the slot's record of its boot area; a slot without one cannot boot, like a U-Boot slot without an area. */
    private static String bootAreaLoad() {
        String kernel = BootContract.GRUB_KERNEL_BLOCKS;
        String initrd = BootContract.GRUB_INITRD_BLOCKS;
        return "set " + kernel + "=\"\"\nset " + initrd + "=\"\"\n"
                + "load_env --file \"${tr_area}\" " + kernel + " " + initrd + "\n"
                + "if [ -z \"${" + kernel + "}\" -o -z \"${" + initrd + "}\" ]; then\n"
                + "  echo \"twinroot: no boot area recorded for slot ${tr_slot} in ${tr_area}\"\n"
                + "  echo \"twinroot: boot failed, resetting\"\n"
                + "  reboot\n"
                + "fi\n"
                + "echo \"twinroot: kernel in the boot area, blocks (${tr_disk},${tr_part})${" + kernel
                + "}, initramfs ${" + initrd + "}, arguments ${tr_args}\"\n"
                + "linux (${tr_disk},${tr_part})${" + kernel + "} ${tr_args}\n"
                + "initrd (${tr_disk},${tr_part})${" + initrd + "}\n";
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private String kernelArguments(Slot slot) {
        String args = BootContract.kernelArguments(slot);
        if (!filesystem.bootloaderReadsFiles()) {
            args += " rootfstype=" + filesystem.kernelName();
        }
        return extraKernelArguments.isEmpty() ? args : args + " " + extraKernelArguments;
    }

    private static String stateVariables() {
        return BootContract.BOOT_ORDER + " "
                + List.of(Slot.values()).stream().map(Slot::leftVariable).collect(Collectors.joining(" "));
    }

    private static String defaultOrder() {
        return BootContract.DEFAULT_ORDER.stream().map(Slot::name).collect(Collectors.joining(" "));
    }

    private static String resetTries(String indent) {
        return List.of(Slot.values()).stream()
                .map(slot -> indent + "set " + slot.leftVariable() + "=" + BootContract.DEFAULT_TRIES + "\n")
                .collect(Collectors.joining());
    }

    private static String hasTries(String var) {
        return IntStream.rangeClosed(1, BootContract.MAX_TRIES)
                .mapToObj(n -> "\"${" + var + "}\" = " + n).collect(Collectors.joining(" -o "));
    }

    private static String chooseSlot() {
        StringBuilder s = new StringBuilder("set tr_slot=\"\"\nfor s in ${").append(BootContract.BOOT_ORDER)
                .append("}; do\n  if [ -z \"${tr_slot}\" ]; then\n");
        for (Slot slot : Slot.values()) {
            s.append("    if [ \"${s}\" = ").append(slot).append(" ]; then\n      if [ ").append(hasTries(slot.leftVariable()))
                    .append(" ]; then set tr_slot=").append(slot).append("; fi\n    fi\n");
        }
        return s.append("  fi\ndone\n").toString();
    }

    private static String decrement(String var) {
        StringBuilder s = new StringBuilder();
        for (int n = 1; n <= BootContract.MAX_TRIES; n++) {
            s.append(n == 1 ? "  if" : "  elif").append(" [ \"${").append(var).append("}\" = ").append(n)
                    .append(" ]; then set ").append(var).append('=').append(n - 1).append('\n');
        }
        return s.append("  fi\n").toString();
    }
}
