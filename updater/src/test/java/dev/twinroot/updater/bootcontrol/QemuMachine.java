package dev.twinroot.updater.bootcontrol;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One boot of a disk image in qemu-system-aarch64 with a real firmware: Debian's U-Boot or EDK2 (UEFI).
 * {@code -no-reboot} turns the reset the boot scripts end with into a QEMU exit, so one run is one boot
 * attempt; a run that outlives its timeout is killed with SIGKILL by {@link ExternalTool#run}.
 */
public enum QemuMachine {
    UBOOT(Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin"), "u-boot-qemu"),
    UEFI(Path.of("/usr/share/qemu-efi-aarch64/QEMU_EFI.fd"), "qemu-efi-aarch64");

    public static final ExternalTool QEMU = new ExternalTool("qemu-system-aarch64", "qemu-system-arm");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final Path firmware;
    private final String firmwarePackage;

    QemuMachine(Path firmware, String firmwarePackage) {
        this.firmware = firmware;
        this.firmwarePackage = firmwarePackage;
    }

    /** Why this machine cannot run here, if it cannot. */
    public java.util.Optional<String> missing() {
        if (!QEMU.isPresent()) {
            return java.util.Optional.of("needs qemu-system-aarch64 (qemu-system-arm)");
        }
        if (!Files.isRegularFile(firmware)) {
            return java.util.Optional.of("needs " + firmware + " (" + firmwarePackage + ")");
        }
        return java.util.Optional.empty();
    }

    /** The serial console output of one boot, from power-on to the reset. */
    public String boot(Path disk) throws IOException {
        ExternalTool.Result result = QEMU.run(List.of(
                "-M", "virt", "-cpu", "cortex-a57", "-m", "512", "-bios", firmware.toString(),
                "-nographic", "-no-reboot", "-nic", "none", "-monitor", "none", "-serial", "stdio",
                "-drive", "if=none,file=" + disk + ",format=raw,id=disk0", "-device", "virtio-blk-device,drive=disk0"),
                TIMEOUT);
        result.requireSuccess();
        return result.stdout().replace("\r", "");
    }
}
