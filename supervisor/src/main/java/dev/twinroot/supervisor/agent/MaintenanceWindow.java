package dev.twinroot.supervisor.agent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A daily window such as {@code 02:00-04:00} in a time zone, start included, end excluded. A window whose end
 * is before its start crosses midnight ({@code 23:00-01:00}).
 */
public record MaintenanceWindow(LocalTime start, LocalTime end, ZoneId zone) {

    private static final Pattern TEXT = Pattern.compile("(\\d{2}:\\d{2})-(\\d{2}:\\d{2})");

    public MaintenanceWindow {
        if (start.equals(end)) {
            throw new IllegalArgumentException("a maintenance window needs different start and end, found " + start);
        }
    }

    /** Parses {@code HH:MM-HH:MM}; throws IllegalArgumentException naming what it found. */
    public static MaintenanceWindow parse(String text, ZoneId zone) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected HH:MM-HH:MM, found \"" + text + "\"");
        }
        try {
            return new MaintenanceWindow(LocalTime.parse(m.group(1)), LocalTime.parse(m.group(2)), zone);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expected HH:MM-HH:MM with valid times, found \"" + text + "\"", e);
        }
    }

    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }

    /** {@code now} if the window is open, otherwise the next instant it opens. */
    public Instant nextOpening(Instant now) {
        if (contains(now)) {
            return now;
        }
        LocalDate day = now.atZone(zone).toLocalDate();
        for (int i = 0; i < 3; i++) {
            // atZone moves a start inside a DST gap forward to the first valid instant.
            Instant candidate = ZonedDateTime.of(day.plusDays(i), start, zone).toInstant();
            if (candidate.isAfter(now)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no opening of " + this + " within two days of " + now);
    }

    @Override
    public String toString() {
        return start + "-" + end + " " + zone;
    }
}
