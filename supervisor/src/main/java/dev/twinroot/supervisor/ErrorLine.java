package dev.twinroot.supervisor;

/**
 * The one line a failure is told in: its message with line breaks folded, or its class's name when it has none.
 * {@code twinrootctl} prints it after the command's name, and the daemon answers an API install's failure with it,
 * so an install refused in the daemon reads as one refused in the command's own process.
 */
public final class ErrorLine {

    private ErrorLine() {
    }

    public static String of(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return m.replace('\n', ' ').strip();
    }
}
