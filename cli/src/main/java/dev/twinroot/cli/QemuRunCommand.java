package dev.twinroot.cli;

import dev.twinroot.qemu.Firmware;
import dev.twinroot.qemu.InteractiveRun;
import dev.twinroot.qemu.QemuMachine;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot qemu run IMAGE}: boots an image with the console on this terminal. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {"Boot a disk image in QEMU with its serial console on this terminal (Ctrl-A X quits).",
                "Prints the exact qemu command line first. Boots a copy of the image unless --in-place."},
        footer = {"", "Examples:", "  twinroot qemu run disk.img",
                "  twinroot qemu run --uefi --watchdog --http-port 8080 disk.img"})
final class QemuRunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMAGE", description = "raw disk image")
    Path image;

    @Option(names = "--uefi", description = "boot EDK2 UEFI (qemu-efi-aarch64) instead of U-Boot")
    boolean uefi;

    @Option(names = "--watchdog", description = "add an i6300esb watchdog (/dev/watchdog); expiry resets the guest")
    boolean watchdog;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "let the guest reach http://10.0.2.100/ = http://127.0.0.1:PORT/ here, and nothing else")
    Integer httpPort;

    @Option(names = "--memory", paramLabel = "MIB", defaultValue = "1024", description = "guest RAM in MiB (default ${DEFAULT-VALUE})")
    int memoryMiB;

    @Option(names = "--boot-delay", paramLabel = "SECONDS",
            description = "U-Boot's autoboot countdown (Debian's default: 2), via a preset environment in flash")
    Integer bootDelay;

    @Option(names = "--in-place", description = "boot the image file itself, so what the guest writes stays in it")
    boolean inPlace;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        QemuMachine.Builder b = QemuMachine.builder()
                .firmware(uefi ? Firmware.UEFI : Firmware.UBOOT)
                .watchdog(watchdog);
        try {
            b.memoryMiB(memoryMiB);
            if (httpPort != null) {
                b.httpPort(httpPort);
            }
            if (bootDelay != null) {
                b.bootDelay(bootDelay);
            }
            QemuMachine machine = b.build();
            int status = new InteractiveRun(machine, image, inPlace).run(spec.commandLine().getErr());
            return status == 0 ? 0 : UserErrors.FAILURE;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
