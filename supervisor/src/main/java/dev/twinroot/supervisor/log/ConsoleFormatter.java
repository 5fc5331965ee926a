package dev.twinroot.supervisor.log;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** For people watching the console or the journal: {@code INFO  assessment: slot B marked good}. */
public final class ConsoleFormatter extends Formatter {

    @Override
    public String format(LogRecord record) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-7s ", record.getLevel().getName()))
                .append(shortName(record.getLoggerName())).append(": ").append(formatMessage(record)).append('\n');
        if (record.getThrown() != null) {
            sb.append("        ").append(record.getThrown()).append('\n');
        }
        return sb.toString();
    }

    /** {@code dev.twinroot.supervisor.assessment.Assessment} becomes {@code assessment}. */
    static String shortName(String logger) {
        if (logger == null) {
            return "supervisor";
        }
        String prefix = "dev.twinroot.supervisor.";
        String s = logger.startsWith(prefix) ? logger.substring(prefix.length()) : logger;
        int dot = s.lastIndexOf('.');
        return dot < 0 ? s : s.substring(0, dot);
    }
}
