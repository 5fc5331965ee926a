package dev.twinroot.platform.linux;

import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.Watchdogs;

import java.nio.file.Path;

final class LinuxWatchdogs implements Watchdogs {

    private final Ioctls ioctls;

    LinuxWatchdogs(Ioctls ioctls) {
        this.ioctls = ioctls;
    }

    @Override
    public Watchdog open(Path device) throws PlatformException {
        return new LinuxWatchdog(Fd.open(device, LibC.O_WRONLY), ioctls);
    }
}
