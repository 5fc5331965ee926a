package dev.twinroot.qemu;

import dev.twinroot.platform.ExternalTool.ToolMissingException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The emulated board: an ARM64 {@code virt} machine with its firmware, optional watchdog and optional network.
 * Immutable and validated when built; {@link Device} gives it a disk and powers it on.
 *
 * <p>The network, when asked for, is QEMU user-mode networking locked down with {@code restrict=on}: the guest
 * reaches one address, {@value #HTTP_GUEST_ADDRESS}:80, forwarded to an HTTP server the test runs on the host's
 * loopback, and nothing else — no bridge, no tap, no DNS. Each guest connection to that address starts one
 * {@code socat} that connects to the server, so the server need only listen once the guest starts talking.
 *
 * <pre>{@code
 * QemuMachine m = QemuMachine.builder().watchdog(true).httpPort(server.port()).build();
 * }</pre>
 */
public record QemuMachine(Firmware firmware, String cpu, int cpus, int memoryMiB, boolean watchdog,
        OptionalInt httpPort, boolean exitOnReboot, OptionalInt bootDelay) {

    /** The guest address that reaches the test's HTTP server. */
    public static final String HTTP_GUEST_ADDRESS = "10.0.2.100";

    public QemuMachine {
        if (!cpu.matches("[a-z0-9-]{1,32}")) {
            throw new IllegalArgumentException("cpu must be a QEMU CPU model name, found '" + cpu + "'");
        }
        if (cpus < 1 || cpus > 8) {
            throw new IllegalArgumentException("cpus must be 1..8, found " + cpus);
        }
        if (memoryMiB < 128 || memoryMiB > 16384) {
            throw new IllegalArgumentException("memory must be 128..16384 MiB, found " + memoryMiB);
        }
        if (httpPort.isPresent() && (httpPort.getAsInt() < 1 || httpPort.getAsInt() > 65535)) {
            throw new IllegalArgumentException("HTTP port must be 1..65535, found " + httpPort.getAsInt());
        }
        if (bootDelay.isPresent() && (firmware != Firmware.UBOOT || bootDelay.getAsInt() < 0 || bootDelay.getAsInt() > 60)) {
            throw new IllegalArgumentException("a boot delay is a U-Boot setting of 0..60 s, found "
                    + bootDelay.getAsInt() + " s with " + firmware);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The measured default: {@code cortex-a57} ({@code max} is 3-4x slower under TCG), 1 CPU, 1 GiB, U-Boot. */
    public static QemuMachine defaults() {
        return builder().build();
    }

    /** How QEMU's serial console is connected. */
    enum ConsoleMode {
        /** To the harness through QEMU's stdin/stdout; no monitor on it, so any byte reaches the guest. */
        CAPTURED,
        /** To a person's terminal ({@code -nographic}): Ctrl-A X quits, Ctrl-A C toggles the monitor. */
        INTERACTIVE
    }

    /** The files of one power-on that the command line names. */
    record Files(Optional<Path> disk, Optional<Path> variableStore, Optional<Path> qmpSocket,
            Optional<Path> ubootEnvironment) {
    }

    /** The complete command line, program first. */
    List<String> commandLine(Path qemu, Files files, ConsoleMode mode) throws ToolMissingException {
        List<String> a = new ArrayList<>(List.of(qemu.toString(),
                "-M", "virt", "-cpu", cpu, "-m", Integer.toString(memoryMiB), "-smp", Integer.toString(cpus)));
        if (mode == ConsoleMode.CAPTURED) {
            a.addAll(List.of("-display", "none", "-monitor", "none",
                    "-chardev", "stdio,id=console,signal=off", "-serial", "chardev:console"));
        } else {
            a.add("-nographic");
        }
        a.addAll(firmware.arguments(files.variableStore()));
        files.ubootEnvironment().ifPresent(env -> a.addAll(List.of(
                "-drive", "if=pflash,format=raw,unit=1,readonly=on,file=" + env)));
        files.disk().ifPresent(disk -> a.addAll(List.of(
                // virtio-blk on PCI: U-Boot's virtio scan finds it, and so does Linux (virtio_pci + virtio_blk).
                "-drive", "if=none,format=raw,file=" + disk + ",id=disk0",
                "-device", "virtio-blk-pci,drive=disk0")));
        if (httpPort.isPresent()) {
            a.addAll(List.of(
                    // cmd: starts one socat per guest connection; the tcp: form would share a single host
                    // connection among all of them, so only the first HTTP connection would ever work.
                    "-netdev", "user,id=net0,restrict=on,guestfwd=tcp:" + HTTP_GUEST_ADDRESS + ":80-cmd:"
                            + QemuTools.SOCAT.require() + " - TCP:127.0.0.1:" + httpPort.getAsInt(),
                    // romfile= : no iPXE option ROM (Debian ships it in ipxe-qemu; neither firmware needs it).
                    "-device", "virtio-net-pci,netdev=net0,romfile="));
        } else {
            // Without this QEMU adds a default NIC, which wants iPXE's efi-virtio.rom.
            a.addAll(List.of("-nic", "none"));
        }
        if (watchdog) {
            a.addAll(List.of("-device", "i6300esb", "-action", "watchdog=reset"));
        }
        if (exitOnReboot) {
            a.add("-no-reboot");
        }
        files.qmpSocket().ifPresent(s -> a.addAll(List.of("-qmp", "unix:" + s + ",server=on,wait=off")));
        return List.copyOf(a);
    }

    /** Builds a {@link QemuMachine}; every setting has the measured default. */
    public static final class Builder {
        private Firmware firmware = Firmware.UBOOT;
        private String cpu = "cortex-a57";
        private int cpus = 1;
        private int memoryMiB = 1024;
        private boolean watchdog;
        private OptionalInt httpPort = OptionalInt.empty();
        private boolean exitOnReboot;
        private OptionalInt bootDelay = OptionalInt.empty();

        private Builder() {
        }

        public Builder firmware(Firmware firmware) {
            this.firmware = firmware;
            return this;
        }

        public Builder cpu(String cpu) {
            this.cpu = cpu;
            return this;
        }

        /**
         * Virtual CPUs; each is a host thread under TCG (MTTCG). Default 1: side by side on a host overloaded by
         * other work, a guest with two reached its committed boot sooner (93 s against 137 s), but only because two
         * threads took a larger share of the contended cores; with two scenarios at a time on two cores, as CI runs
         * them, a second vCPU per guest adds threads and no CPU.
         */
        public Builder cpus(int cpus) {
            this.cpus = cpus;
            return this;
        }

        public Builder memoryMiB(int memoryMiB) {
            this.memoryMiB = memoryMiB;
            return this;
        }

        /** An i6300esb watchdog ({@code /dev/watchdog} in Linux); when it expires QEMU resets the guest. */
        public Builder watchdog(boolean watchdog) {
            this.watchdog = watchdog;
            return this;
        }

        /** Lets the guest reach {@code http://10.0.2.100/} = {@code http://127.0.0.1:PORT/} on the host. */
        public Builder httpPort(int port) {
            this.httpPort = OptionalInt.of(port);
            return this;
        }

        /**
         * With {@code true} ({@code -no-reboot}) a guest reboot ends QEMU instead of restarting the guest, so a
         * scenario sees each reboot as a power-off; by default the guest resets and keeps running.
         */
        public Builder exitOnReboot(boolean exitOnReboot) {
            this.exitOnReboot = exitOnReboot;
            return this;
        }

        /**
         * U-Boot's autoboot countdown in seconds (Debian's build waits 2 s at every boot), set through a preset
         * environment in the second flash bank; see {@link UbootEnvironment}. Unset: U-Boot's own default.
         */
        public Builder bootDelay(int seconds) {
            this.bootDelay = OptionalInt.of(seconds);
            return this;
        }

        public QemuMachine build() {
            return new QemuMachine(firmware, cpu, cpus, memoryMiB, watchdog, httpPort, exitOnReboot, bootDelay);
        }
    }
}
