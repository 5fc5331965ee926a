package dev.twinroot.qemu;

import java.time.Duration;
import java.util.regex.Pattern;

/** What Debian's U-Boot for QEMU prints, and how to get to its prompt. */
public final class UBoot {

    /** The banner, printed at every start (and by the {@code version} command). */
    public static final Pattern BANNER = BootCounter.UBOOT_BANNER;
    /** The countdown before the default boot ({@code bootdelay}, 2 s in Debian's build). */
    public static final Pattern AUTOBOOT = Pattern.compile("Hit any key to stop autoboot");
    /** The hush prompt, still without a newline while it waits for input. */
    public static final Pattern PROMPT = Pattern.compile("^=> $");

    private UBoot() {
    }

    /**
     * Stops the countdown with a key press and waits for the prompt: the way to a U-Boot shell before the boot
     * script runs, and 2 s quicker than letting the countdown run out when nothing should boot. Returns the
     * prompt line (its time is when the prompt appeared).
     */
    public static ConsoleLine interruptAutoboot(SerialConsole console, Duration timeout) throws QemuException {
        long deadline = System.nanoTime() + timeout.toNanos();
        console.waitFor(AUTOBOOT, timeout);
        console.type(" ");
        return console.waitFor(PROMPT, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }
}
