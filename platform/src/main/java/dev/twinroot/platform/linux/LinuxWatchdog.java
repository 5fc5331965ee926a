package dev.twinroot.platform.linux;

import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.Watchdog;
import dev.twinroot.platform.WatchdogInfo;

import java.time.Duration;

final class LinuxWatchdog implements Watchdog {

    private static final byte[] MAGIC = {'V'};

    private final Fd fd;
    private final Ioctls ioctls;

    LinuxWatchdog(Fd fd, Ioctls ioctls) {
        this.fd = fd;
        this.ioctls = ioctls;
    }

    @Override
    public Duration timeout() throws PlatformException {
        int[] seconds = new int[1];
        fd.call("WDIOC_GETTIMEOUT", n -> LibC.ioctl(n, ioctls.wdiocGetTimeout(), seconds));
        return Duration.ofSeconds(seconds[0]);
    }

    @Override
    public Duration setTimeout(Duration timeout) throws PlatformException {
        if (timeout.getNano() != 0 || timeout.getSeconds() < 1 || timeout.getSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("watchdog timeout must be whole seconds from 1, found " + timeout);
        }
        int[] seconds = {(int) timeout.getSeconds()};
        fd.call("WDIOC_SETTIMEOUT " + seconds[0] + " s", n -> LibC.ioctl(n, ioctls.wdiocSetTimeout(), seconds));
        return Duration.ofSeconds(seconds[0]);
    }

    @Override
    public void keepAlive() throws PlatformException {
        int[] ignored = new int[1];
        fd.call("WDIOC_KEEPALIVE", n -> LibC.ioctl(n, ioctls.wdiocKeepAlive(), ignored));
    }

    @Override
    public WatchdogInfo info() throws PlatformException {
        byte[] raw = new byte[WatchdogInfoLayout.SIZE];
        fd.call("WDIOC_GETSUPPORT", n -> LibC.ioctl(n, ioctls.wdiocGetSupport(), raw));
        return WatchdogInfoLayout.decode(raw);
    }

    @Override
    public void closeDisarmed() throws PlatformException {
        try {
            long written = fd.call("write magic 'V'", n -> LibC.write(n, MAGIC, 1));
            if (written != 1) {
                throw new IllegalStateException("write of one byte to " + fd.path() + " returned " + written);
            }
        } finally {
            fd.close();
        }
    }

    @Override
    public void closeArmed() throws PlatformException {
        fd.close();
    }
}
