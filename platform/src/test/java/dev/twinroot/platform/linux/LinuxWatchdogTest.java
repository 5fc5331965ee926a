package dev.twinroot.platform.linux;

import dev.twinroot.platform.NotSupportedException;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.WatchdogInfo;
import dev.twinroot.platform.Watchdogs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The watchdog calls. A build host must never have its watchdog opened by a test: a test that dies between
 * open and magic close would reset the machine under everyone's feet, and this host's kernel has no softdog
 * (CONFIG_SOFT_WATCHDOG is not set) anyway. So the real-device test runs only where it is asked for with
 * TWINROOT_TEST_WATCHDOG=/dev/watchdog (inside a QEMU guest with -device i6300esb); here the ioctls are
 * exercised against /dev/null, which must refuse every one of them with ENOTTY.
 */
class LinuxWatchdogTest {

    private final Watchdogs watchdogs = Platform.linux().watchdogs();

    @Test
    void aDeviceThatIsNotAWatchdogRefusesEveryIoctlWithEnotty() throws IOException {
        Watchdog notADog = watchdogs.open(Path.of("/dev/null"));
        for (Call call : new Call[] {notADog::keepAlive, notADog::timeout, notADog::info,
                () -> notADog.setTimeout(Duration.ofSeconds(60))}) {
            NotSupportedException e = assertThrows(NotSupportedException.class, call::run);
            assertEquals("ENOTTY", e.errnoName());
            assertEquals("/dev/null", e.target());
            assertTrue(e.operation().startsWith("WDIOC_"), e.operation());
        }
        notADog.closeDisarmed(); // the magic 'V' is an ordinary write, which /dev/null takes
        assertThrows(IllegalStateException.class, notADog::keepAlive);
    }

    @Test
    void openingAMissingDeviceSaysWhich() {
        PlatformException e = assertThrows(PlatformException.class, () -> watchdogs.open(Path.of("/dev/watchdog-none")));
        assertEquals("ENOENT", e.errnoName());
        assertEquals("open on /dev/watchdog-none: ENOENT (No such file or directory)", e.getMessage());
    }

    @Test
    void aRealWatchdogWhenExplicitlyGiven() throws IOException {
        String device = System.getenv("TWINROOT_TEST_WATCHDOG");
        Assumptions.assumeTrue(device != null, "set TWINROOT_TEST_WATCHDOG=/dev/watchdog to test a real watchdog;"
                + " never on a shared host: a test killed before its magic close resets the machine");
        Watchdog dog = watchdogs.open(Path.of(device));
        try {
            WatchdogInfo info = dog.info();
            assertFalse(info.identity().isBlank());
            assertTrue(info.supports(WatchdogInfo.MAGICCLOSE), "a driver without magic close cannot be stopped");
            Duration set = dog.setTimeout(Duration.ofSeconds(120));
            assertEquals(set, dog.timeout());
            dog.keepAlive();
        } finally {
            dog.closeDisarmed();
        }
    }

    private interface Call {
        void run() throws IOException;
    }
}
