package dev.twinroot.qemu;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One emulated board with its own disk, powered on and off like the real thing. The disk is a raw copy of the
 * image the scenario gives (the image itself is never touched), and it persists across power cycles: power
 * cut, power on again, and the guest finds what QEMU had written. At most one QEMU runs per device.
 *
 * <pre>{@code
 * try (Device device = Device.create("update", QemuMachine.defaults(), Optional.of(image), logDir)) {
 *     device.powerOn();
 *     device.console().waitFor("=> ", Duration.ofSeconds(30));
 *     device.runInGuest("fatwrite virtio 0:1 ${loadaddr} marker 4").requireSuccess();
 *     device.powerCut();
 *     byte[] marker = device.disk().readFile(1, "marker");
 * }
 * }</pre>
 *
 * Everything the guest printed goes to {@code console.log} in the device's directory, one line per console
 * line with milliseconds since that power-on, and a header per power-on with the exact QEMU command line.
 * {@link #close()} kills QEMU; so does a JVM shutdown hook while it runs.
 */
public final class Device implements AutoCloseable {

    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final QemuMachine machine;
    private final Path dir;
    private final Optional<Path> disk;
    private final Optional<Path> variableStore;
    private final Optional<Path> ubootEnvironment;
    private final Path qmpDir;
    private final BufferedWriter log;
    private Optional<PowerOn> current = Optional.empty();
    private Optional<GuestShell> shell = Optional.empty();
    private int powerOns;
    private int bootsOfEarlierPowerOns;
    private Optional<IOException> logFailure = Optional.empty();

    private Device(String name, QemuMachine machine, Path dir, Optional<Path> disk, Optional<Path> variableStore,
            Optional<Path> ubootEnvironment, Path qmpDir, BufferedWriter log) {
        this.name = name;
        this.machine = machine;
        this.dir = dir;
        this.disk = disk;
        this.variableStore = variableStore;
        this.ubootEnvironment = ubootEnvironment;
        this.qmpDir = qmpDir;
        this.log = log;
    }

    /**
     * A device in {@code dir} (created if needed) whose disk is a copy of {@code image}, or with no disk.
     * Checks up front that QEMU and the firmware are installed.
     */
    public static Device create(String name, QemuMachine machine, Optional<Path> image, Path dir) throws IOException {
        QemuTools.QEMU.require();
        machine.firmware().requireInstalled();
        dir = dir.toAbsolutePath();
        Files.createDirectories(dir);
        Optional<Path> disk = Optional.empty();
        if (image.isPresent()) {
            if (!Files.isRegularFile(image.get())) {
                throw new QemuException("disk image " + image.get() + " does not exist");
            }
            Path copy = dir.resolve("disk.img");
            SparseCopy.copy(image.get(), copy);
            disk = Optional.of(copy);
        }
        Optional<Path> vars = Optional.empty();
        if (machine.firmware().hasVariableStore()) {
            Path copy = dir.resolve("efi-vars.fd");
            SparseCopy.copy(Firmware.UEFI_VARS, copy);
            vars = Optional.of(copy);
        }
        Optional<Path> env = Optional.empty();
        if (machine.bootDelay().isPresent()) {
            env = Optional.of(UbootEnvironment.flashWithBootDelay(machine.bootDelay().getAsInt(), dir.resolve("uboot-env.fd")));
        }
        // A unix socket path must stay under 108 bytes, which a deep build directory can exceed.
        Path qmpDir = Files.createTempDirectory("twinroot-qmp");
        // close() removes both; these cover a JVM that ends without closing (its hook has killed QEMU).
        qmpDir.toFile().deleteOnExit();
        qmpDir.resolve("qmp.sock").toFile().deleteOnExit();
        BufferedWriter log = Files.newBufferedWriter(dir.resolve("console.log"), StandardCharsets.UTF_8);
        return new Device(name, machine, dir, disk, vars, env, qmpDir, log);
    }

    public QemuMachine machine() {
        return machine;
    }

    public Path directory() {
        return dir;
    }

    /** The exact command line the next (or current) power-on runs. */
    public List<String> commandLine() throws IOException {
        return machine.commandLine(QemuTools.QEMU.require(), files(), QemuMachine.ConsoleMode.CAPTURED);
    }

    private QemuMachine.Files files() {
        return new QemuMachine.Files(disk, variableStore, Optional.of(qmpDir.resolve("qmp.sock")), ubootEnvironment);
    }

    /** Starts QEMU. The device must be off. */
    public synchronized void powerOn() throws IOException {
        if (isOn()) {
            throw new IllegalStateException(name + " is already on");
        }
        if (current.isPresent()) {
            // Releases the last QEMU's shutdown hook and QMP connection if nobody waited for its exit.
            current.get().awaitExit(Duration.ofSeconds(5));
            bootsOfEarlierPowerOns += current.get().console().boots();
        }
        Files.deleteIfExists(qmpDir.resolve("qmp.sock"));
        List<String> command = commandLine();
        powerOns++;
        writeLog("=== power-on " + powerOns + ": " + String.join(" ", command));
        PowerOn on = PowerOn.start(name, command, machine.firmware(), dir.resolve("qemu-" + powerOns + ".stderr"),
                files().qmpSocket(), line -> writeLog(line.toString()));
        current = Optional.of(on);
        shell = Optional.of(new GuestShell(on.console()));
    }

    public synchronized boolean isOn() {
        return current.isPresent() && current.get().isRunning();
    }

    /** The console of the current (or last) power-on. */
    public synchronized SerialConsole console() {
        return running().console();
    }

    /** Runs one command at the guest's shell prompt (U-Boot or Linux) and returns its output and status. */
    public GuestResult runInGuest(String command) throws QemuException {
        return runInGuest(command, DEFAULT_COMMAND_TIMEOUT);
    }

    public GuestResult runInGuest(String command, Duration timeout) throws QemuException {
        GuestShell sh;
        synchronized (this) {
            running();
            sh = shell.orElseThrow();
        }
        return sh.run(command, timeout);
    }

    /** Cuts the power now (SIGKILL to QEMU); returns QEMU's exit status, 137 if it was still running. */
    public synchronized int powerCut() throws QemuException {
        int status = running().kill();
        writeLog("=== power cut (QEMU exit status " + status + ")");
        return status;
    }

    /** Cuts the power as soon as the console shows a line matching {@code marker}. */
    public int powerCutAt(Pattern marker, Duration timeout) throws QemuException {
        console().waitFor(marker, timeout);
        return powerCut();
    }

    /** Cuts the power {@code delay} from now (pick it with a seeded Random for reproducible random cuts). */
    public int powerCutAfter(Duration delay) throws QemuException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted before the power cut", e);
        }
        return powerCut();
    }

    /** Presses the reset button (QMP {@code system_reset}): the guest restarts, the disk is untouched. */
    public synchronized void reset() throws QemuException {
        running().qmp().execute("system_reset");
        writeLog("=== reset button");
    }

    /** Stops QEMU cleanly (QMP {@code quit}: QEMU flushes the disk); returns its exit status. */
    public synchronized int shutdown(Duration timeout) throws QemuException {
        PowerOn on = running();
        on.qmp().execute("quit");
        return awaitExit(on, timeout);
    }

    /** Waits for the guest to end QEMU by itself (poweroff, or a reboot with {@code exitOnReboot}). */
    public int awaitPowerOff(Duration timeout) throws QemuException {
        PowerOn on;
        synchronized (this) {
            on = running();
        }
        return awaitExit(on, timeout);
    }

    private int awaitExit(PowerOn on, Duration timeout) throws QemuException {
        int status = on.awaitExit(timeout).orElseThrow(() -> new ConsoleTimeoutException(name
                + " still running after " + timeout.toMillis() + " ms"));
        writeLog("=== QEMU exited with status " + status);
        return status;
    }

    /** Firmware starts over the device's whole life: every power-on and every reset. */
    public synchronized int boots() {
        return bootsOfEarlierPowerOns + current.map(p -> p.console().boots()).orElse(0);
    }

    /** QEMU's process id while it runs. */
    synchronized Optional<Long> qemuPid() {
        return current.filter(PowerOn::isRunning).map(PowerOn::pid);
    }

    public synchronized int powerOns() {
        return powerOns;
    }

    /** The device's disk, to read back what the guest wrote. Only while the device is off. */
    public synchronized DiskImage disk() {
        if (isOn()) {
            throw new IllegalStateException(name + " is on: read its disk after a power cut or power-off");
        }
        return new DiskImage(disk.orElseThrow(() -> new IllegalStateException(name + " has no disk")));
    }

    /** Kills QEMU if it runs, closes the log and removes the QMP socket. The disk copy stays. */
    @Override
    public synchronized void close() throws IOException {
        try {
            if (isOn()) {
                powerCut();
            }
        } finally {
            log.close();
            Files.deleteIfExists(qmpDir.resolve("qmp.sock"));
            Files.deleteIfExists(qmpDir);
        }
        if (logFailure.isPresent()) {
            throw new QemuException("writing " + dir.resolve("console.log") + ": " + logFailure.get().getMessage(),
                    logFailure.get());
        }
    }

    private PowerOn running() {
        return current.orElseThrow(() -> new IllegalStateException(name + " was never powered on"));
    }

    /** Called on the console's reader thread too, which must survive a full disk: the failure waits for close. */
    private void writeLog(String line) {
        synchronized (log) {
            if (logFailure.isPresent()) {
                return;
            }
            try {
                log.write(line);
                log.newLine();
                log.flush();
            } catch (IOException e) {
                logFailure = Optional.of(e);
            }
        }
    }
}
