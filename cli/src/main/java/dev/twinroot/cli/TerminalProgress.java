package dev.twinroot.cli;

import dev.twinroot.delta.ProgressListener;
import java.io.PrintWriter;

/**
 * A progress line on stderr, redrawn in place, at most a few times a second. Only on a terminal: in a script or
 * a log it would be noise, so {@link #forConsole} returns a listener that prints nothing there.
 */
final class TerminalProgress implements ProgressListener {

    private static final long MIB = 1 << 20;
    private final PrintWriter err;
    private long lastDraw;
    private boolean drawn;

    private TerminalProgress(PrintWriter err) {
        this.err = err;
    }

    static ProgressListener forConsole(PrintWriter err) {
        return System.console() == null ? ProgressListener.NONE : new TerminalProgress(err);
    }

    @Override
    public void update(String phase, long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        int percent = total == 0 ? 100 : (int) (100 * done / total);
        err.print(String.format("\r%-7s %3d%%  %,d / %,d MiB ", phase, percent, done / MIB, total / MIB));
        err.flush();
        drawn = true;
    }

    /** Ends the progress line so that what follows starts on its own line. */
    static void finish(ProgressListener listener) {
        if (listener instanceof TerminalProgress t && t.drawn) {
            t.err.println();
            t.err.flush();
        }
    }
}
