package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The harness against a real QEMU running Debian's U-Boot without a disk. */
@Tag("qemu")
class DeviceTest {

    private static final Duration BOOT = Duration.ofSeconds(60);

    private static Path logDir(TestInfo info) {
        return Path.of("target", "qemu-logs", "DeviceTest", info.getTestMethod().orElseThrow().getName());
    }

    @Test
    void powerCutIsSigkillAndLeavesNoProcess(TestInfo info) throws Exception {
        try (Device device = Device.create("cut", QemuMachine.defaults(), Optional.empty(), logDir(info))) {
            device.powerOn();
            UBoot.interruptAutoboot(device.console(), BOOT);
            long pid = ProcessHandle.allProcesses()
                    .filter(p -> p.info().command().orElse("").endsWith("qemu-system-aarch64"))
                    .filter(p -> p.parent().map(pp -> pp.pid() == ProcessHandle.current().pid()).orElse(false))
                    .findFirst().orElseThrow().pid();
            assertEquals(137, device.powerCut(), "128 + SIGKILL");
            assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
            // SIGTERM would make QEMU print "terminating on signal 15" and exit cleanly; SIGKILL gives it no say.
            assertEquals("", Files.readString(logDir(info).resolve("qemu-1.stderr")));
            MachineStoppedException e = assertThrows(MachineStoppedException.class,
                    () -> device.console().waitFor("anything", BOOT));
            assertTrue(e.getMessage().contains("QEMU exited with status 137 (killed by signal 9, SIGKILL)"), e.getMessage());
        }
        String log = Files.readString(logDir(info).resolve("console.log"));
        assertTrue(log.contains("=== power-on 1: "), log);
        assertTrue(log.contains("=== power cut (QEMU exit status 137)"), log);
    }

    @Test
    void powerCutsAtAMarkerAndAfterARandomDelayThenPowerOnAgain(TestInfo info) throws Exception {
        Random random = new Random(20261128);
        try (Device device = Device.create("cuts", QemuMachine.defaults(), Optional.empty(), logDir(info))) {
            device.powerOn();
            assertEquals(137, device.powerCutAt(Pattern.compile("^DRAM:"), BOOT));
            assertFalse(device.isOn());
            device.powerOn();
            assertEquals(137, device.powerCutAfter(Duration.ofMillis(200 + random.nextInt(800))));
            device.powerOn();
            UBoot.interruptAutoboot(device.console(), BOOT);
            assertEquals(3, device.powerOns());
            // The first two cuts may land before or after the banner; the third power-on booted for sure.
            assertTrue(device.boots() >= 2 && device.boots() <= 3, "boots: " + device.boots());
        }
    }

    @Test
    void aPresetBootDelayOfZeroRunsTheBootScriptWithoutTheCountdown(TestInfo info) throws Exception {
        Path image = dev.twinroot.qemu.selftest.ScriptDisk.build(logDir(info).resolve("src.img"),
                "echo delay-test: script start\nprintenv bootcmd\npoweroff\n", logDir(info).resolve("work"));
        try (Device device = Device.create("delay", QemuMachine.builder().bootDelay(0).build(), Optional.of(image),
                logDir(info))) {
            device.powerOn();
            device.console().waitFor("Loading Environment from Flash... OK", BOOT);
            ConsoleLine countdown = device.console().waitFor(UBoot.AUTOBOOT, BOOT);
            ConsoleLine script = device.console().waitFor("delay-test: script start", BOOT);
            // The rest of Debian's default environment is intact: distro boot found the script, bootcmd is as built.
            device.console().waitFor(Pattern.compile("^bootcmd=run distro_bootcmd$"), BOOT);
            assertEquals(0, device.awaitPowerOff(BOOT));
            assertTrue(script.millis() - countdown.millis() < 1900,
                    "countdown at " + countdown.millis() + " ms, script at " + script.millis() + " ms");
        }
    }

    @Test
    void closeKillsARunningQemu(TestInfo info) throws Exception {
        Device device = Device.create("close", QemuMachine.defaults(), Optional.empty(), logDir(info));
        device.powerOn();
        device.console().waitFor(UBoot.BANNER, BOOT);
        assertTrue(device.isOn());
        device.close();
        assertFalse(device.isOn());
    }

    @Test
    void aTimeoutQuotesTheConsoleAndTheGuestKeepsRunning(TestInfo info) throws Exception {
        try (Device device = Device.create("timeout", QemuMachine.defaults(), Optional.empty(), logDir(info))) {
            device.powerOn();
            UBoot.interruptAutoboot(device.console(), BOOT);
            ConsoleTimeoutException e = assertThrows(ConsoleTimeoutException.class,
                    () -> device.console().waitFor("never printed", Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("Hit any key to stop autoboot"), e.getMessage());
            assertEquals(0, device.runInGuest("true").status());
        }
    }

    @Test
    void exitOnRebootTurnsAGuestResetIntoAPowerOff(TestInfo info) throws Exception {
        QemuMachine m = QemuMachine.builder().exitOnReboot(true).build();
        try (Device device = Device.create("noreboot", m, Optional.empty(), logDir(info))) {
            device.powerOn();
            UBoot.interruptAutoboot(device.console(), BOOT);
            device.console().send("reset");
            assertEquals(0, device.awaitPowerOff(BOOT));
            assertFalse(device.isOn());
            assertEquals(1, device.boots());
        }
    }

    @Test
    void watchdogAndTheLockedDownNetworkAreThere(TestInfo info) throws Exception {
        // The forwarded port needs no listener until the guest connects: QEMU starts socat per connection.
        QemuMachine m = QemuMachine.builder().watchdog(true).httpPort(9).build();
        try (Device device = Device.create("net", m, Optional.empty(), logDir(info))) {
            device.powerOn();
            device.console().waitFor(Pattern.compile("^Net:\\s+eth0: virtio-net"), BOOT);
            UBoot.interruptAutoboot(device.console(), BOOT);
            String pci = device.runInGuest("pci").requireSuccess().text();
            assertTrue(pci.contains("0x8086     0x25ab"), "i6300esb on the PCI bus:\n" + pci);
            assertTrue(pci.contains("0x1af4     0x1000"), "virtio-net on the PCI bus:\n" + pci);
            // restrict=on still serves DHCP from QEMU's own gateway: the guest gets its address.
            String dhcp = device.runInGuest("setenv autoload no; dhcp").text();
            assertTrue(dhcp.contains("DHCP client bound to address 10.0.2.15"), dhcp);
        }
    }

    @Test
    void aMissingImageIsReportedBeforeQemuStarts(TestInfo info) {
        QemuException e = assertThrows(QemuException.class, () -> Device.create("missing", QemuMachine.defaults(),
                Optional.of(Path.of("no-such.img")), logDir(info)));
        assertEquals("disk image no-such.img does not exist", e.getMessage());
    }

    @Test
    void qemuFailingToStartIsReportedWithItsComplaint(TestInfo info) throws Exception {
        // The device's disk turns into a directory between create and power-on: QEMU refuses and says why.
        Path image = Files.write(Files.createDirectories(logDir(info)).resolve("tiny.img"), new byte[4096]);
        try (Device device = Device.create("refused", QemuMachine.defaults(), Optional.of(image),
                logDir(info).resolve("device"))) {
            Path disk = device.directory().resolve("disk.img");
            Files.delete(disk);
            Files.createDirectory(disk);
            device.powerOn();
            MachineStoppedException e = assertThrows(MachineStoppedException.class,
                    () -> device.console().waitFor(UBoot.BANNER, BOOT));
            assertTrue(e.getMessage().contains("disk.img"), e.getMessage());
        }
        assertTrue(Files.readString(logDir(info).resolve("device/qemu-1.stderr"), StandardCharsets.UTF_8)
                .contains("disk.img"));
    }
}
