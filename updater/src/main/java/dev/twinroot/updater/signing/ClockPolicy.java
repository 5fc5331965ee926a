package dev.twinroot.updater.signing;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether certificate validity dates can be checked. An embedded board without an RTC battery boots at
 * 1970 (or at its last saved time) until NTP answers; refusing every update then would strand exactly the
 * devices that most need one. So a clock reading earlier than {@code trustedAfter} (by default the date this
 * software was built, {@link #BUILD_DATE}) counts as unset, and date checks are skipped: the chain is then
 * validated as of the signing certificate's own notBefore, which checks everything except expiry.
 */
public record ClockPolicy(Clock clock, Instant trustedAfter) {

    /**
     * The reproducible build timestamp of this release ({@code project.build.outputTimestamp} in the parent
     * pom; a test keeps the two equal). No real clock can read earlier than the software it runs.
     */
    public static final Instant BUILD_DATE = Instant.parse("2026-01-01T00:00:00Z");

    public static ClockPolicy system() {
        return new ClockPolicy(Clock.systemUTC(), BUILD_DATE);
    }

    /** The instant to validate certificates at, or empty when the clock is unset and dates are not checked. */
    public Optional<Instant> validationTime() {
        Instant now = clock.instant();
        return now.isBefore(trustedAfter) ? Optional.empty() : Optional.of(now);
    }
}
