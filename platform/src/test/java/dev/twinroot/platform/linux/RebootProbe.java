package dev.twinroot.platform.linux;

import dev.twinroot.platform.Platform;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run by {@link LinuxPowerTest} in a child JVM inside a new user namespace. It calls reboot(2) only after
 * checking that it holds no effective capabilities at all, so the kernel must answer EPERM: without
 * CAP_SYS_BOOT the call cannot reboot anything. Prints the errno name, or why it did not call.
 */
public final class RebootProbe {

    private static final int CAP_SYS_BOOT = 22;

    private RebootProbe() {
    }

    public static void main(String[] args) throws IOException {
        BigInteger effective = BigInteger.ZERO;
        boolean found = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("CapEff:")) {
                effective = new BigInteger(line.substring("CapEff:".length()).strip(), 16);
                found = true;
            }
        }
        if (!found || effective.testBit(CAP_SYS_BOOT) || effective.signum() != 0) {
            System.out.println("UNSAFE: effective capabilities " + effective.toString(16) + "; not calling reboot");
            System.exit(3);
        }
        try {
            if (args.length == 1 && args[0].equals("power-off")) {
                Platform.linux().power().powerOff();
            } else {
                Platform.linux().power().reboot();
            }
            System.out.println("RETURNED");
        } catch (PlatformException e) {
            System.out.println(e.errnoName() + " " + e.getMessage());
        }
    }
}
