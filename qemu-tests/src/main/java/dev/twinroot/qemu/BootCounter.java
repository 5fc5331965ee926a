package dev.twinroot.qemu;

import java.util.regex.Pattern;

/**
 * Counts firmware starts in console lines. U-Boot prints its banner ({@code U-Boot 2023.01...}) at every start,
 * but its {@code version} command prints the same line; only a banner followed by the {@code DRAM:} line (blank
 * lines between allowed) is a boot. EDK2 prints {@code UEFI firmware (version ...)} once per start, after a reset
 * on the same line as the shell prompt it interrupted, so that banner is not anchored.
 */
final class BootCounter {

    static final Pattern UBOOT_BANNER = Pattern.compile("^U-Boot 20\\d\\d\\.\\d\\d");
    private static final Pattern UBOOT_DRAM = Pattern.compile("^DRAM:");
    static final Pattern UEFI_BANNER = Pattern.compile("UEFI firmware \\(version");

    private final Firmware firmware;
    private boolean bannerSeen;
    private int count;

    BootCounter(Firmware firmware) {
        this.firmware = firmware;
    }

    void accept(String line) {
        switch (firmware) {
            case UEFI -> {
                if (UEFI_BANNER.matcher(line).find()) {
                    count++;
                }
            }
            case UBOOT -> {
                if (UBOOT_BANNER.matcher(line).find()) {
                    bannerSeen = true;
                } else if (!line.isBlank()) {
                    if (bannerSeen && UBOOT_DRAM.matcher(line).find()) {
                        count++;
                    }
                    bannerSeen = false;
                }
            }
        }
    }

    int count() {
        return count;
    }
}
