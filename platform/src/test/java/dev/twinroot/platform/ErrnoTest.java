package dev.twinroot.platform;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrnoTest {

    @Test
    void numbersAreTheLinuxOnes() {
        assertEquals(Optional.of(Errno.EPERM), Errno.of(1));
        assertEquals(Optional.of(Errno.EBUSY), Errno.of(16));
        assertEquals(Optional.of(Errno.ENOTTY), Errno.of(25));
        assertEquals(Optional.of(Errno.EOPNOTSUPP), Errno.of(95));
        assertEquals(Optional.of(Errno.EHWPOISON), Errno.of(133));
        assertEquals(Optional.empty(), Errno.of(0));
        assertEquals(Optional.empty(), Errno.of(41)); // a hole in the kernel's table
        assertEquals(Optional.empty(), Errno.of(134));
        assertEquals(Optional.empty(), Errno.of(-1));
    }

    @Test
    void everyNumberAppearsOnce() {
        Set<Integer> seen = new HashSet<>();
        for (Errno e : Errno.values()) {
            assertTrue(seen.add(e.number()), e + " repeats " + e.number());
            assertEquals(Optional.of(e), Errno.of(e.number()));
        }
    }

    @Test
    void exceptionsCarryErrnoOperationAndTargetAndPickASubtype() {
        PlatformException busy = PlatformException.of(Errno.EBUSY, "BLKRRPART", "/dev/mmcblk0");
        assertInstanceOf(DeviceBusyException.class, busy);
        assertEquals(16, busy.errno());
        assertEquals("EBUSY", busy.errnoName());
        assertEquals("BLKRRPART on /dev/mmcblk0: EBUSY (Device or resource busy)", busy.getMessage());
        assertInstanceOf(NotSupportedException.class, PlatformException.of(25, "BLKGETSIZE64", "/x"));
        assertInstanceOf(NotSupportedException.class, PlatformException.of(95, "BLKDISCARD", "/x"));
        PlatformException plain = PlatformException.of(Errno.EACCES, "open", "/dev/watchdog");
        assertEquals(PlatformException.class, plain.getClass());
        assertEquals("EACCES", plain.errnoName());
        PlatformException unknown = PlatformException.of(200, "ioctl", "/x");
        assertEquals("errno 200", unknown.errnoName());
        assertEquals("ioctl on /x: errno 200", unknown.getMessage());
    }
}
