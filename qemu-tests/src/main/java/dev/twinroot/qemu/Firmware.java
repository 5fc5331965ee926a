package dev.twinroot.qemu;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What the emulated board runs first: Debian's U-Boot for QEMU (the default), or EDK2 UEFI (for the GRUB backend). */
public enum Firmware {
    /** {@code u-boot-qemu}: U-Boot as {@code -bios}; its distro boot runs {@code boot.scr} from partition 1. */
    UBOOT("u-boot-qemu"),
    /**
     * {@code qemu-efi-aarch64}: the AAVMF code flash (read-only, EDK2 padded to the 64 MiB pflash size {@code virt}
     * wants) plus a private copy of the variable store, so boot entries persist across power cycles like NVRAM.
     */
    UEFI("qemu-efi-aarch64");

    static final Path UBOOT_BIN = Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin");
    static final Path UEFI_CODE = Path.of("/usr/share/AAVMF/AAVMF_CODE.fd");
    static final Path UEFI_VARS = Path.of("/usr/share/AAVMF/AAVMF_VARS.fd");

    private final String debianPackage;

    Firmware(String debianPackage) {
        this.debianPackage = debianPackage;
    }

    /** The files QEMU reads; an exception naming the package when one is missing. */
    void requireInstalled() throws QemuException {
        for (Path p : this == UBOOT ? List.of(UBOOT_BIN) : List.of(UEFI_CODE, UEFI_VARS)) {
            if (!Files.isRegularFile(p)) {
                throw new QemuException(p + " is missing: apt-get install " + debianPackage);
            }
        }
    }

    /** Whether a power-on needs its own copy of a variable store. */
    boolean hasVariableStore() {
        return this == UEFI;
    }

    List<String> arguments(Optional<Path> variableStore) {
        return switch (this) {
            case UBOOT -> List.of("-bios", UBOOT_BIN.toString());
            case UEFI -> List.of(
                    "-drive", "if=pflash,format=raw,unit=0,readonly=on,file=" + UEFI_CODE,
                    "-drive", "if=pflash,format=raw,unit=1,file=" + variableStore.orElseThrow(
                            () -> new IllegalStateException("UEFI needs a copy of " + UEFI_VARS)));
        };
    }
}
