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

    /**
     * Skips the calling test (JUnit assumption) unless this machine, the disk tools of {@link TestDisk} and
     * {@code tools} are installed, naming what is missing.
     */
    public void assumeRunnable(ExternalTool... tools) {
        org.junit.jupiter.api.Assumptions.assumeTrue(missing().isEmpty(), () -> missing().orElseThrow());
        for (ExternalTool tool : TestDisk.TOOLS) {
            org.junit.jupiter.api.Assumptions.assumeTrue(tool.isPresent(),
                    "needs " + tool.name() + " (" + tool.debianPackage() + ")");
        }
        for (ExternalTool tool : tools) {
            org.junit.jupiter.api.Assumptions.assumeTrue(tool.isPresent(),
                    "needs " + tool.name() + " (" + tool.debianPackage() + ")");
        }
    }

    /** The serial console output of one boot, from power-on to the reset. */
    public String boot(Path disk) throws IOException {
        return boot(disk, TIMEOUT);
    }

    /** The same with a longer limit, for boots that run a real kernel under emulation. */
    public String boot(Path disk, Duration timeout) throws IOException {
        ExternalTool.Result result = QEMU.run(arguments(disk), timeout);
        result.requireSuccess();
        return result.stdout().replace("\r", "");
    }

    /**
     * Cuts the power: boots, and kills QEMU with SIGKILL {@code delay} after the console first shows
     * {@code trigger} (what QEMU already wrote to the raw image stays, as after a power cut). Disk writes are
     * throttled to {@code writesPerSecond} requests (the first passes at once), so that the FAT and directory
     * updates after a file's data take long enough to be cut
     * between.
     * Returns the console output up to the cut.
     */
    public String bootAndCutPower(Path disk, String trigger, Duration delay, int writesPerSecond) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(QEMU.require().toString());
        for (String arg : arguments(disk)) {
            command.add(arg.startsWith("if=none,") ? arg + ",throttling.iops-write=" + writesPerSecond : arg);
        }
        Process qemu = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        StringBuilder console = new StringBuilder();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try (java.io.Reader out = new java.io.InputStreamReader(qemu.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1)) {
            int c;
            while ((c = out.read()) >= 0) {
                console.append((char) c);
                if (c == '\n' && console.indexOf(trigger) >= 0) {
                    Thread.sleep(delay.toMillis(), (int) (delay.toNanos() % 1_000_000));
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("no '" + trigger + "' on the console within " + TIMEOUT.toSeconds() + " s");
                }
            }
            if (c < 0) {
                throw new IOException("QEMU exited before the console showed '" + trigger + "'");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            qemu.destroyForcibly();
            try {
                qemu.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return console.toString().replace("\r", "");
    }

    private List<String> arguments(Path disk) {
        return List.of("-M", "virt", "-cpu", "cortex-a57", "-m", "512", "-bios", firmware.toString(),
                "-nographic", "-no-reboot", "-nic", "none", "-monitor", "none", "-serial", "stdio",
                "-drive", "if=none,file=" + disk + ",format=raw,id=disk0", "-device", "virtio-blk-device,drive=disk0");
    }
}
