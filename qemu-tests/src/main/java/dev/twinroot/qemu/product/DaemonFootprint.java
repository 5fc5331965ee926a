package dev.twinroot.qemu.product;

import dev.twinroot.qemu.GuestResult;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.qemu.scenario.ScenarioContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The supervisor daemon's memory on the emulated device, read from the guest's {@code /proc/PID/status} (the
 * daemon is the process whose command line ends in {@code twinroot-supervisor.jar daemon}), with the JVM options
 * the image starts it with. A measurement for the report, not a check: the target (64 MiB idle) is tracked in
 * docs/benchmarks.md.
 */
final class DaemonFootprint {

    private static final Pattern FIELD = Pattern.compile("^(VmRSS|VmHWM|RssAnon|RssFile|Threads):\\s+(\\d+)");
    /** One line for the shell: fits U-Boot's and busybox's line buffers, prints only marked lines. */
    private static final String COMMAND = "for p in /proc/[0-9]*; do case \"$(tr '\\0' ' ' < $p/cmdline 2>/dev/null)\" in"
            + " *twinroot-supervisor.jar\\ daemon*) echo \"@pid ${p#/proc/}\"; grep -E '^(VmRSS|VmHWM|RssAnon|RssFile|Threads):'"
            + " $p/status;; esac; done; echo \"@options $(cat /etc/twinroot/supervisor.jvm-options | tr '\\n' ' ')\"";

    private final ScenarioContext ctx;
    private final TwinrootGuest guest;

    DaemonFootprint(ScenarioContext ctx, TwinrootGuest guest) {
        this.ctx = ctx;
        this.guest = guest;
    }

    /** Reads the daemon's memory now, tells it and records it as a note. */
    void measure() throws QemuException {
        GuestResult r = guest.run(COMMAND, Duration.ofMinutes(2)).requireSuccess();
        List<String> fields = new ArrayList<>();
        int daemons = 0;
        String options = "";
        for (String line : r.output()) {
            Matcher m = FIELD.matcher(line);
            if (line.startsWith("@pid ")) {
                daemons++;
            } else if (line.startsWith("@options")) {
                options = line.substring("@options".length()).strip();
            } else if (m.find()) {
                fields.add(m.group(1) + " " + (m.group(1).equals("Threads") ? m.group(2)
                        : String.format("%.1f MiB", Long.parseLong(m.group(2)) / 1024.0)));
            }
        }
        if (daemons != 1 || fields.isEmpty()) {
            throw new QemuException("expected one supervisor daemon in the guest's /proc, found " + daemons + ": "
                    + String.join(" | ", r.output()));
        }
        String what = "supervisor daemon on the emulated device (JVM options: "
                + (options.isEmpty() ? "none, the JVM's defaults" : options) + "): " + String.join(", ", fields);
        ctx.step(what);
        ctx.note(what);
    }
}
