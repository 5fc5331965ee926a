package dev.twinroot.supervisor.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Time since the kernel booted, as an Instant after the epoch: the clock for health deadlines. It survives a
 * restart of the supervisor within the boot (unlike {@code System.nanoTime}'s origin) and ignores the wall
 * clock jumping when NTP first sets it on a board without a battery-backed RTC.
 */
public final class BootClock implements InstantSource {

    public static final Path PROC_UPTIME = Path.of("/proc/uptime");

    private final long uptimeNanosAtStart;
    private final long nanoTimeAtStart;

    private BootClock(long uptimeNanosAtStart, long nanoTimeAtStart) {
        this.uptimeNanosAtStart = uptimeNanosAtStart;
        this.nanoTimeAtStart = nanoTimeAtStart;
    }

    /** Reads {@code /proc/uptime} once; afterwards the monotonic nanoTime carries it forward. */
    public static BootClock start(Path procUptime) throws IOException {
        String first = Files.readString(procUptime, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
        long nanos;
        try {
            nanos = new java.math.BigDecimal(first).movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IOException(procUptime + ": expected seconds since boot, found an unreadable first field", e);
        }
        return new BootClock(nanos, System.nanoTime());
    }

    @Override
    public Instant instant() {
        return Instant.EPOCH.plusNanos(uptimeNanosAtStart + (System.nanoTime() - nanoTimeAtStart));
    }
}
