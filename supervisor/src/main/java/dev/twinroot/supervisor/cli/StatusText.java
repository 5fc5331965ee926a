package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.assessment.UpdateOutcome;
import dev.twinroot.supervisor.config.SystemConfig;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code twinrootctl status} for people: one fact per line, the reasons in full. Public for tools that hold a
 * device's status document (the QEMU harness shows a device's status as {@code twinrootctl status} prints it).
 */
public final class StatusText {

    private final PrintWriter out;

    StatusText(PrintWriter out) {
        this.out = out;
    }

    /** The text {@code twinrootctl status} prints for {@code s} on a device whose data partition is {@code dataDir}. */
    public static String render(Wire.StatusResponse s, String dataDir) {
        java.io.StringWriter text = new java.io.StringWriter();
        new StatusText(new PrintWriter(text)).print(s, dataDir);
        return text.toString();
    }

    void print(Wire.StatusResponse s, SystemConfig c) {
        print(s, c.dataDir());
    }

    private void print(Wire.StatusResponse s, String dataDir) {
        line("source", s.source().equals(Wire.StatusResponse.FROM_DAEMON) ? "the running daemon"
                : "records in " + dataDir + (s.warnings().stream().anyMatch(w -> w.startsWith(StatusCommand.NO_ANSWER))
                        ? " (the daemon did not answer)" : " (the daemon is not running)"));
        line("booted slot", s.bootedSlot().orElse("unknown"));
        line("primary slot", s.primarySlot().orElse("unknown"));
        line("version", s.version().orElse("unknown"));
        for (Wire.SlotView slot : s.slots()) {
            line("slot " + slot.slot(), (slot.primary() ? "primary, " : "")
                    + slot.triesLeft().map(t -> t == 0 ? "bad (no tries left)" : t + " tries left").orElse("tries unknown")
                    + (slot.onTrial() ? ", on trial" : ""));
        }
        line("assessment", s.assessment().map(a -> a.state() + a.kind().map(k -> " (" + k + ")").orElse("")
                + " on slot " + a.slot() + " since " + a.since() + a.reason().map(r -> ": " + r).orElse(""))
                .orElse("none recorded"));
        line("pending update", s.pendingUpdate().map(p -> p.version() + " in slot " + p.targetSlot() + ", installed "
                + p.installedAt()).orElse("none"));
        line("last install", s.lastInstall().map(StatusText::install)
                .orElse(s.warnings().isEmpty() ? "no install yet" : "unknown (see the warning)"));
        line("last update", s.lastUpdate().map(StatusText::outcome).orElse("none recorded"));
        line("data partition", s.dataGrowth().map(g -> g.summary() + " at " + g.at()).orElse("not checked yet"));
        line("rollbacks", s.rollbacks().isEmpty() ? "none" : String.valueOf(s.rollbacks().size()));
        for (Rollback r : s.rollbacks()) {
            out.println("  " + r.at() + "  slot " + r.failedSlot()
                    + r.update().map(u -> " (" + u.version() + ")").orElse("") + ": " + r.reason());
            if (!r.attempts().isEmpty()) {
                out.println("    logs of the failed boots: " + Path.of(dataDir, "twinroot", "rollbacks", r.id(), "logs"));
            }
        }
        s.updates().ifPresent(u -> {
            line("channel", u.channel());
            line("last check", u.lastCheck().map(t -> t + ": " + u.lastResult().orElse("")).orElse("not yet"));
            u.nextCheck().ifPresent(t -> line("next check", t.toString()));
            u.waitingToReboot().ifPresent(w -> line("reboot", w));
        });
        out.flush();
    }

    private static String install(Wire.InstallView i) {
        return i.result() + ": " + i.version() + " into slot " + i.slot() + " at " + i.at() + " from " + i.source()
                + i.message().map(m -> ": " + m).orElse("");
    }

    private static String outcome(UpdateOutcome o) {
        String what = o.version().orElse("an unrecorded version") + o.fromVersion().map(f -> " (from " + f + ")").orElse("");
        if (o.result() == UpdateOutcome.Result.SUCCESS) {
            return "success: " + what + " committed on slot " + o.slot() + " at " + o.at();
        }
        return "rolled back: " + what + " on slot " + o.slot() + " at " + o.at() + o.reason().map(r -> ": " + r).orElse("");
    }

    private void line(String label, String value) {
        out.printf("%-15s %s%n", label + ":", value);
    }
}
