package dev.twinroot.supervisor.assessment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The slot the bootloader booted, as it wrote it on the kernel command line: {@code twinroot.slot=B}. */
public final class KernelCommandLine {

    public static final Path PROC_CMDLINE = Path.of("/proc/cmdline");
    public static final String SLOT_PARAMETER = "twinroot.slot";
    public static final Path PROC_BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private KernelCommandLine() {
    }

    public static Optional<String> bootedSlot(Path cmdline) throws IOException {
        return slotIn(Files.readString(cmdline, StandardCharsets.US_ASCII));
    }

    /** The last {@code twinroot.slot=} wins, as the kernel's own parameters do. */
    static Optional<String> slotIn(String cmdline) {
        Optional<String> slot = Optional.empty();
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.startsWith(SLOT_PARAMETER + "=")) {
                String value = word.substring(SLOT_PARAMETER.length() + 1);
                slot = value.matches("[A-Z]") ? Optional.of(value) : Optional.empty();
            }
        }
        return slot;
    }

    /** The kernel's id of this boot; it changes on every boot, so a record can say which boot wrote it. */
    public static String bootId(Path procBootId) throws IOException {
        return Files.readString(procBootId, StandardCharsets.US_ASCII).trim();
    }
}
