package dev.twinroot.qemu.scenario;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The summary a person reads after {@code twinroot qemu test}: a table (scenario, result, boots, duration), the
 * notes and failures below it, and last the plain line {@code N passed, M failed}.
 */
public final class ScenarioReport {

    private ScenarioReport() {
    }

    public static void print(List<ScenarioResult> results, PrintWriter out) {
        int width = Math.max("scenario".length(), results.stream().mapToInt(r -> r.id().length() + 2).max().orElse(0));
        String row = "%-" + width + "s  %-6s  %5s  %9s%n";
        out.printf(row, "scenario", "result", "boots", "duration");
        for (ScenarioResult r : results) {
            out.printf(row, "[" + r.id() + "]", r.passed() ? "passed" : "FAILED", r.boots(), seconds(r.duration()));
        }
        for (ScenarioResult r : results) {
            for (String note : r.notes()) {
                out.println("[" + r.id() + "] " + note);
            }
            r.failure().ifPresent(f -> {
                out.println("[" + r.id() + "] failed (seed " + r.seed() + ", logs in " + r.directory() + "): " + f);
            });
        }
        long passed = results.stream().filter(ScenarioResult::passed).count();
        out.println(passed + " passed, " + (results.size() - passed) + " failed");
        out.flush();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
