package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One boot of a disk image in QEMU with Debian's U-Boot as firmware. {@code -no-reboot} turns the reset the boot
 * script ends with into a QEMU exit, so one run is one boot attempt; a run that outlives its timeout is killed
 * with SIGKILL by {@link ExternalTool#run}.
 */
final class QemuUBoot {

    static final ExternalTool QEMU = new ExternalTool("qemu-system-aarch64", "qemu-system-arm");
    static final Path FIRMWARE = Path.of("/usr/lib/u-boot/qemu_arm64/u-boot.bin");
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private QemuUBoot() {
    }

    static boolean available() {
        return QEMU.isPresent() && Files.isRegularFile(FIRMWARE);
    }

    /** The serial console output of one boot, from power-on to the reset. */
    static String boot(Path disk) throws IOException {
        ExternalTool.Result result = QEMU.run(List.of(
                "-M", "virt", "-cpu", "cortex-a57", "-m", "512", "-bios", FIRMWARE.toString(),
                "-nographic", "-no-reboot", "-nic", "none", "-monitor", "none", "-serial", "stdio",
                "-drive", "if=none,file=" + disk + ",format=raw,id=disk0", "-device", "virtio-blk-device,drive=disk0"),
                TIMEOUT);
        result.requireSuccess();
        return result.stdout().replace("\r", "");
    }
}
