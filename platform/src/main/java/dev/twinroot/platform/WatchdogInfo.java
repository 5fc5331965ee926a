package dev.twinroot.platform;

/**
 * {@code struct watchdog_info} from WDIOC_GETSUPPORT.
 *
 * @param options         WDIOF_* capability bits
 * @param firmwareVersion driver-defined
 * @param identity        the driver's name, e.g. {@code i6300ESB timer} or {@code Software Watchdog}
 */
public record WatchdogInfo(int options, int firmwareVersion, String identity) {

    /** WDIOF_SETTIMEOUT: the timeout can be set. */
    public static final int SETTIMEOUT = 0x0080;
    /** WDIOF_MAGICCLOSE: closing after writing 'V' stops the countdown. */
    public static final int MAGICCLOSE = 0x0100;
    /** WDIOF_KEEPALIVEPING: WDIOC_KEEPALIVE works. */
    public static final int KEEPALIVEPING = 0x8000;

    public boolean supports(int option) {
        return (options & option) == option;
    }
}
