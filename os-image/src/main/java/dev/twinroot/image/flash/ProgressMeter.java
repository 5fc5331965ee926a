package dev.twinroot.image.flash;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Draws one self-overwriting line on a terminal: phase, bytes done (of total, when known), percentage,
 * MiB/s since the phase began, and the time left. Redraws at most every {@link #INTERVAL}, so a fast device
 * does not spend its time printing.
 */
public final class ProgressMeter implements ProgressListener {

    static final Duration INTERVAL = Duration.ofMillis(250);

    private final PrintWriter out;
    private final InstantSource clock;
    private Phase phase;
    private Instant phaseStart;
    private Instant lastDrawn;
    private int lastWidth;

    public ProgressMeter(PrintWriter out, InstantSource clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void update(Phase newPhase, long done, OptionalLong total) {
        Instant now = clock.instant();
        if (newPhase != phase) {
            if (phase != null) {
                out.println();
            }
            phase = newPhase;
            phaseStart = now;
            lastDrawn = null;
            lastWidth = 0;
        }
        boolean finished = total.isPresent() && done >= total.getAsLong();
        if (lastDrawn != null && !finished && Duration.between(lastDrawn, now).compareTo(INTERVAL) < 0) {
            return;
        }
        lastDrawn = now;
        String line = line(newPhase, done, total, Duration.between(phaseStart, now));
        out.print("\r" + line + " ".repeat(Math.max(0, lastWidth - line.length())));
        out.flush();
        lastWidth = line.length();
    }

    /** Ends the current line; call once after the flash, whatever its outcome. */
    public void finish() {
        if (phase != null) {
            out.println();
            out.flush();
            phase = null;
        }
    }

    static String line(Phase phase, long done, OptionalLong total, Duration elapsed) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-9s %s", label(phase), Sizes.human(done)));
        if (total.isPresent() && total.getAsLong() > 0) {
            long t = total.getAsLong();
            b.append(" / ").append(Sizes.human(t))
                    .append(String.format(Locale.ROOT, " %3d%%", Math.min(100, done * 100 / t)));
        }
        double seconds = elapsed.toNanos() / 1e9;
        // a sync's "rate" is how fast the page cache drains, which says nothing useful
        if (seconds > 0 && done > 0 && phase != Phase.SYNC) {
            double rate = done / seconds;
            b.append(String.format(Locale.ROOT, "  %.1f MiB/s", rate / (1024 * 1024)));
            if (total.isPresent() && total.getAsLong() > done) {
                long left = (long) Math.ceil((total.getAsLong() - done) / rate);
                b.append(String.format(Locale.ROOT, "  ETA %d:%02d", left / 60, left % 60));
            }
        }
        return b.toString();
    }

    private static String label(Phase phase) {
        return switch (phase) {
            case WRITE -> "writing";
            case SYNC -> "syncing";
            case VERIFY -> "verifying";
        };
    }
}
