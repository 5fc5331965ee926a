package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A JVM that exits without closing its device must not leave QEMU running. */
@Tag("qemu")
class ShutdownHookTest {

    /** Run in a child JVM: powers a device on, prints QEMU's pid, exits without close(). */
    public static void main(String[] args) throws Exception {
        Device device = Device.create("hook", QemuMachine.defaults(), Optional.empty(), Path.of(args[0]));
        device.powerOn();
        device.console().waitFor(UBoot.BANNER, Duration.ofSeconds(60));
        System.out.println(device.qemuPid().orElseThrow());
        System.out.flush();
        System.exit(0);
    }

    @Test
    void theJvmExitingKillsQemu() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                ShutdownHookTest.class.getName(), "target/qemu-logs/ShutdownHookTest"))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), out);
        long pid = Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow());
        Optional<ProcessHandle> qemu = ProcessHandle.of(pid);
        // The hook sends SIGKILL before the JVM ends; give the kernel a moment to reap it.
        for (int i = 0; i < 50 && qemu.map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertFalse(qemu.map(ProcessHandle::isAlive).orElse(false), "QEMU " + pid + " survived its JVM");
    }
}
