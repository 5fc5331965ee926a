package dev.twinroot.updater.config;

import java.util.Optional;

/** Where the boot state lives: U-Boot env files, GRUB's grubenv, or one plain file (tests, exotic loaders). */
public enum BootBackend {
    UBOOT("u-boot"),
    GRUB("grub"),
    FILE("file");

    private final String wireName;

    BootBackend(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<BootBackend> fromWireName(String name) {
        for (BootBackend b : values()) {
            if (b.wireName.equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }
}
