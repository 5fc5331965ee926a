package dev.twinroot.platform;

import java.io.IOException;

/**
 * Restarting or switching off the machine, right now: sync(2), then reboot(2). No service manager is asked;
 * the supervisor calls this after it has written its own state durably.
 *
 * <p>On a real machine these return only by throwing (EPERM without CAP_SYS_BOOT). A caller must treat a
 * normal return as "the machine is going down" and do nothing more; the fake returns so tests can look.
 */
public interface Power {

    /** reboot(2) with RB_AUTOBOOT (LINUX_REBOOT_CMD_RESTART). */
    void reboot() throws IOException;

    /** reboot(2) with RB_POWER_OFF (LINUX_REBOOT_CMD_POWER_OFF). */
    void powerOff() throws IOException;
}
