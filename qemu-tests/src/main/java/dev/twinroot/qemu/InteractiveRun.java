package dev.twinroot.qemu;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Boots an image for a person at a terminal ({@code twinroot qemu run}): the console is the terminal itself
 * ({@code -nographic}: Ctrl-A X quits, Ctrl-A C toggles QEMU's monitor). By default the guest runs on a sparse
 * copy of the image, deleted afterwards, so the built image stays as built; {@code inPlace} boots the file itself.
 */
public final class InteractiveRun {

    private final QemuMachine machine;
    private final Path image;
    private final boolean inPlace;

    public InteractiveRun(QemuMachine machine, Path image, boolean inPlace) {
        this.machine = machine;
        this.image = image;
        this.inPlace = inPlace;
    }

    /** Prints the exact command line on {@code out}, runs QEMU attached to this terminal, returns its exit status. */
    public int run(PrintWriter out) throws IOException {
        return run(out, ProcessBuilder.Redirect.INHERIT);
    }

    /** As {@link #run(PrintWriter)}, with QEMU's stdin from {@code keyboard} (tests pass /dev/null). */
    int run(PrintWriter out, ProcessBuilder.Redirect keyboard) throws IOException {
        Path qemu = QemuTools.QEMU.require();
        machine.firmware().requireInstalled();
        if (!Files.isRegularFile(image)) {
            throw new QemuException("disk image " + image + " does not exist");
        }
        Path work = Files.createTempDirectory("twinroot-run");
        Process process = null;
        Thread hook = null;
        try {
            Path disk = image.toAbsolutePath();
            if (!inPlace) {
                disk = work.resolve("disk.img");
                SparseCopy.copy(image, disk);
            }
            Optional<Path> vars = Optional.empty();
            if (machine.firmware().hasVariableStore()) {
                vars = Optional.of(work.resolve("efi-vars.fd"));
                SparseCopy.copy(Firmware.UEFI_VARS, vars.get());
            }
            Optional<Path> env = Optional.empty();
            if (machine.bootDelay().isPresent()) {
                env = Optional.of(UbootEnvironment.flashWithBootDelay(machine.bootDelay().getAsInt(), work.resolve("uboot-env.fd")));
            }
            List<String> command = machine.commandLine(qemu, new QemuMachine.Files(Optional.of(disk), vars,
                    Optional.empty(), env), QemuMachine.ConsoleMode.INTERACTIVE);
            out.println(String.join(" ", command));
            out.println(inPlace ? "booting " + image + " itself (--in-place): the guest writes to it"
                    : "booting a copy of " + image + " (deleted on exit); Ctrl-A X quits");
            out.flush();
            process = new ProcessBuilder(command).inheritIO().redirectInput(keyboard).start();
            Process running = process;
            hook = new Thread(running::destroyForcibly, "twinroot-run-kill-qemu");
            Runtime.getRuntime().addShutdownHook(hook);
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while QEMU ran", e);
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // Shutting down already: the hook kills a process that is gone.
                }
            }
            try (Stream<Path> files = Files.walk(work)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
