package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QemuMachineTest {

    private static final Path QEMU = Path.of("/usr/bin/qemu-system-aarch64");
    private static final QemuMachine.Files DISK = new QemuMachine.Files(Optional.of(Path.of("/w/disk.img")),
            Optional.empty(), Optional.of(Path.of("/tmp/q/qmp.sock")), Optional.empty());

    private static String line(QemuMachine m, QemuMachine.Files f, QemuMachine.ConsoleMode mode) throws IOException {
        return String.join(" ", m.commandLine(QEMU, f, mode));
    }

    @Test
    void defaultsAreTheMeasuredMachineWithUBootAndNoNetwork() throws IOException {
        assertEquals("/usr/bin/qemu-system-aarch64 -M virt -cpu cortex-a57 -m 1024 -smp 1 -display none -monitor none"
                + " -chardev stdio,id=console,signal=off -serial chardev:console"
                + " -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin"
                + " -drive if=none,format=raw,file=/w/disk.img,id=disk0 -device virtio-blk-pci,drive=disk0"
                + " -nic none -qmp unix:/tmp/q/qmp.sock,server=on,wait=off",
                line(QemuMachine.defaults(), DISK, QemuMachine.ConsoleMode.CAPTURED));
    }

    @Test
    void theNetworkReachesOnlyTheLoopbackServer() throws IOException {
        String l = line(QemuMachine.builder().httpPort(8123).build(), DISK, QemuMachine.ConsoleMode.CAPTURED);
        assertTrue(l.contains("-netdev user,id=net0,restrict=on,guestfwd=tcp:10.0.2.100:80-cmd:"
                + QemuTools.SOCAT.require() + " - TCP:127.0.0.1:8123 -device virtio-net-pci,netdev=net0,romfile="), l);
        assertFalse(l.contains("tap") || l.contains("bridge") || l.contains("hostfwd") || l.contains("dns"), l);
        assertFalse(l.contains("-nic none"), l);
    }

    @Test
    void watchdogNoRebootAndInteractiveConsole() throws IOException {
        QemuMachine m = QemuMachine.builder().watchdog(true).exitOnReboot(true).build();
        List<String> a = m.commandLine(QEMU, new QemuMachine.Files(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                QemuMachine.ConsoleMode.INTERACTIVE);
        String l = String.join(" ", a);
        assertTrue(l.contains("-device i6300esb -action watchdog=reset"), l);
        assertTrue(a.contains("-no-reboot") && a.contains("-nographic"), l);
        assertFalse(l.contains("-drive") || l.contains("-qmp") || l.contains("-monitor none"), l);
    }

    @Test
    void uefiUsesReadOnlyCodeFlashAndAPrivateVariableStore() throws IOException {
        QemuMachine m = QemuMachine.builder().firmware(Firmware.UEFI).build();
        String l = line(m, new QemuMachine.Files(Optional.empty(), Optional.of(Path.of("/w/vars.fd")), Optional.empty(), Optional.empty()),
                QemuMachine.ConsoleMode.CAPTURED);
        assertTrue(l.contains("-drive if=pflash,format=raw,unit=0,readonly=on,file=/usr/share/AAVMF/AAVMF_CODE.fd "
                + "-drive if=pflash,format=raw,unit=1,file=/w/vars.fd"), l);
        assertFalse(l.contains("-bios"), l);
    }

    @Test
    void aBootDelayAddsTheReadOnlyEnvironmentFlash() throws IOException {
        QemuMachine m = QemuMachine.builder().bootDelay(0).build();
        String l = line(m, new QemuMachine.Files(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(Path.of("/w/uboot-env.fd"))), QemuMachine.ConsoleMode.CAPTURED);
        assertTrue(l.contains("-bios /usr/lib/u-boot/qemu_arm64/u-boot.bin "
                + "-drive if=pflash,format=raw,unit=1,readonly=on,file=/w/uboot-env.fd"), l);
    }

    @Test
    void invalidSettingsAreRejectedWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().httpPort(0).build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().httpPort(65536).build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().memoryMiB(64).build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().cpus(0).build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().cpus(9).build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().cpu("max,x=1").build());
        assertThrows(IllegalArgumentException.class, () -> QemuMachine.builder().bootDelay(-1).build());
        assertThrows(IllegalArgumentException.class,
                () -> QemuMachine.builder().firmware(Firmware.UEFI).bootDelay(0).build());
    }
}
