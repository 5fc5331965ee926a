package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.Power;
import dev.twinroot.supervisor.assessment.Reboots;
import java.io.IOException;
import java.util.logging.Logger;

/** {@link Reboots} over the platform's {@link Power}: sync(2), then reboot(2). */
final class PlatformReboots implements Reboots {
    private static final Logger LOG = Logger.getLogger(PlatformReboots.class.getName());

    private final Power power;

    PlatformReboots(Power power) {
        this.power = power;
    }

    @Override
    public void reboot(String reason) throws IOException {
        LOG.warning(() -> "rebooting: " + reason);
        power.reboot();
    }
}
