package dev.twinroot.platform.linux;

import com.sun.jna.LastErrorException;
import dev.twinroot.platform.Power;
import dev.twinroot.platform.PlatformException;

final class LinuxPower implements Power {

    @Override
    public void reboot() throws PlatformException {
        call(LibC.RB_AUTOBOOT, "reboot(RB_AUTOBOOT)");
    }

    @Override
    public void powerOff() throws PlatformException {
        call(LibC.RB_POWER_OFF, "reboot(RB_POWER_OFF)");
    }

    // reboot(2) does not sync: without sync(2) first, data still in the page cache is lost.
    private static void call(int howto, String operation) throws PlatformException {
        LibC.sync();
        try {
            LibC.reboot(howto);
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), operation, "this machine");
        }
    }
}
