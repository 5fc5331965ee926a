package dev.twinroot.qemu;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Turns the characters a guest writes on its serial port into lines a scenario can match. What a terminal would
 * hide is removed: carriage returns, ANSI/VT100 escape sequences (U-Boot queries the cursor position, EDK2 sets
 * modes), other control characters; a backspace erases the previous character, so U-Boot's autoboot countdown
 * ends up as the text a person saw last. The guest's output is not trusted: a line longer than
 * {@link #MAX_LINE} characters is cut into several, so a guest that never prints a newline cannot grow memory.
 * Not thread-safe: one reader thread feeds it.
 */
final class LineAssembler {

    static final int MAX_LINE = 4096;
    /** An escape sequence longer than this is garbage; stop swallowing text after it. */
    private static final int MAX_ESCAPE = 32;

    private enum State { TEXT, ESCAPE, CSI }

    private final StringBuilder line = new StringBuilder();
    private State state = State.TEXT;
    private int escapeLength;
    private long lineStart = -1;

    /** Feeds the next characters, arrived at {@code millis}; returns the lines they completed. */
    List<ConsoleLine> feed(CharSequence chars, long millis) {
        List<ConsoleLine> done = new ArrayList<>();
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            switch (state) {
                case ESCAPE -> {
                    // ESC [ starts a control sequence; ESC followed by anything else (ESC 7, ESC 8, ESC c) is one char.
                    state = c == '[' ? State.CSI : State.TEXT;
                    escapeLength = 0;
                }
                case CSI -> {
                    escapeLength++;
                    if ((c >= 0x40 && c <= 0x7e) || escapeLength > MAX_ESCAPE) {
                        state = State.TEXT;
                    }
                }
                case TEXT -> text(c, millis, done);
            }
        }
        return done;
    }

    private void text(char c, long millis, List<ConsoleLine> done) {
        if (c == '\n') {
            done.add(complete(millis));
        } else if (c == 0x1b) {
            state = State.ESCAPE;
        } else if (c == '\b' || c == 0x7f) {
            if (line.length() > 0) {
                line.setLength(line.length() - 1);
            }
        } else if (c == '\t' || (c >= 0x20 && !Character.isISOControl(c))) {
            if (lineStart < 0) {
                lineStart = millis;
            }
            line.append(c);
            if (line.length() >= MAX_LINE) {
                done.add(complete(millis));
            }
        }
        // '\r' and every other control character print nothing a scenario should match on.
    }

    private ConsoleLine complete(long millis) {
        ConsoleLine done = new ConsoleLine(lineStart < 0 ? millis : lineStart, line.toString());
        line.setLength(0);
        lineStart = -1;
        return done;
    }

    /** The line being printed, not yet ended by a newline: a prompt such as {@code => } stays here. */
    Optional<ConsoleLine> partial() {
        return line.length() == 0 ? Optional.empty() : Optional.of(new ConsoleLine(lineStart, line.toString()));
    }

    /** At end of output: the unfinished line, if any, as a last line. */
    Optional<ConsoleLine> finish(long millis) {
        return line.length() == 0 ? Optional.empty() : Optional.of(complete(millis));
    }
}
