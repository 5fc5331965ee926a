package dev.twinroot.qemu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One QEMU process: from power-on to its exit. Owns the process, its console and its QMP connection, and a
 * JVM shutdown hook that kills QEMU if the JVM ends first (a test interrupted with Ctrl-C must not leave a guest
 * running).
 */
final class PowerOn {

    private final Process process;
    private final SerialConsole console;
    private final Optional<Path> qmpSocket;
    private final Thread shutdownHook;
    private Optional<Qmp> qmp = Optional.empty();

    private PowerOn(Process process, SerialConsole console, Optional<Path> qmpSocket, Thread hook) {
        this.process = process;
        this.console = console;
        this.qmpSocket = qmpSocket;
        this.shutdownHook = hook;
    }

    static PowerOn start(String name, List<String> command, Firmware firmware, Path stderrLog,
            Optional<Path> qmpSocket, Consumer<ConsoleLine> log) throws QemuException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(stderrLog.toFile()));
        long started = System.nanoTime();
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new QemuException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        Thread hook = new Thread(process::destroyForcibly, name + "-kill-qemu");
        Runtime.getRuntime().addShutdownHook(hook);
        SerialConsole console = SerialConsole.start(name, process.getInputStream(), process.getOutputStream(),
                () -> (System.nanoTime() - started) / 1_000_000, new BootCounter(firmware), log,
                () -> describeExit(process, stderrLog));
        return new PowerOn(process, console, qmpSocket, hook);
    }

    SerialConsole console() {
        return console;
    }

    boolean isRunning() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * Pulls the plug: SIGKILL ({@link Process#destroyForcibly()} sends SIGKILL on Linux, SIGTERM would let QEMU
     * flush and exit cleanly). What QEMU already wrote to the raw image stays; what the guest had only in its
     * own caches is lost, as on a real board. Returns QEMU's exit status (137 = 128 + SIGKILL, unless it had
     * already exited by itself).
     */
    int kill() throws QemuException {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(10)).orElseThrow(
                () -> new QemuException("QEMU (pid " + process.pid() + ") still runs 10 s after SIGKILL"));
    }

    /** Waits for QEMU to exit by itself; its exit status, or empty if it still runs after {@code timeout}. */
    Optional<Integer> awaitExit(Duration timeout) throws QemuException {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
            // The console has seen everything QEMU printed before the caller looks at it.
            console.awaitClosed(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while waiting for QEMU to exit", e);
        }
        released();
        return Optional.of(process.exitValue());
    }

    Qmp qmp() throws QemuException {
        if (qmp.isEmpty()) {
            Path socket = qmpSocket.orElseThrow(() -> new QemuException("this QEMU was started without a QMP socket"));
            qmp = Optional.of(Qmp.connect(socket, Duration.ofSeconds(10)));
        }
        return qmp.get();
    }

    private void released() {
        qmp.ifPresent(Qmp::close);
        qmp = Optional.empty();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs anyway and kills a process that is gone.
        }
    }

    /** "QEMU exited with status 137 (killed by signal 9, SIGKILL)" and QEMU's last complaint on stderr, if any. */
    static String describeExit(Process process, Path stderrLog) {
        try {
            // The console closes a moment before the process is reaped.
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                return "QEMU closed its console but still runs";
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "QEMU closed its console (interrupted while waiting for its exit status)";
        }
        int status = process.exitValue();
        String how = status > 128 ? " (killed by signal " + (status - 128) + (status == 137 ? ", SIGKILL" : "") + ")" : "";
        return "QEMU exited with status " + status + how + lastLine(stderrLog).map(l -> ": " + l).orElse("");
    }

    private static Optional<String> lastLine(Path stderrLog) {
        try {
            List<String> lines = Files.readAllLines(stderrLog, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return Optional.of(lines.get(i).strip());
                }
            }
        } catch (IOException e) {
            // No stderr to quote.
        }
        return Optional.empty();
    }
}
