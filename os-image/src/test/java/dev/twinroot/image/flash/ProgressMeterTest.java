package dev.twinroot.image.flash;

import dev.twinroot.image.flash.ProgressListener.Phase;
import dev.twinroot.platform.fake.FakeClock;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProgressMeterTest {

    private static final long MIB = 1 << 20;

    @Test
    void aLineShowsBytesPercentRateAndTimeLeft() {
        assertEquals("writing   100.0 MiB / 400.0 MiB  25%  20.0 MiB/s  ETA 0:15",
                ProgressMeter.line(Phase.WRITE, 100 * MIB, OptionalLong.of(400 * MIB), Duration.ofSeconds(5)));
        assertEquals("verifying 3.0 GiB / 3.0 GiB 100%  51.2 MiB/s",
                ProgressMeter.line(Phase.VERIFY, 3072 * MIB, OptionalLong.of(3072 * MIB), Duration.ofSeconds(60)));
    }

    @Test
    void withoutATotalThereIsNoPercentageNorEta() {
        assertEquals("writing   1.5 GiB  12.8 MiB/s",
                ProgressMeter.line(Phase.WRITE, 1536 * MIB, OptionalLong.empty(), Duration.ofSeconds(120)));
        assertEquals("writing   0 B", ProgressMeter.line(Phase.WRITE, 0, OptionalLong.empty(), Duration.ZERO));
    }

    @Test
    void redrawsAtMostFourTimesASecondBlanksLeftoversAndEndsEachPhaseOnItsOwnLine() {
        FakeClock clock = new FakeClock(Instant.EPOCH);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressMeter meter = new ProgressMeter(new PrintWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8), true), clock);
        OptionalLong total = OptionalLong.of(8 * MIB);
        meter.update(Phase.WRITE, 0, total);
        clock.advance(Duration.ofMillis(100));
        meter.update(Phase.WRITE, 2 * MIB, total); // too soon: not drawn
        clock.advance(Duration.ofMillis(200));
        meter.update(Phase.WRITE, 4 * MIB, total);
        clock.advance(Duration.ofMillis(100));
        meter.update(Phase.WRITE, 8 * MIB, total); // too soon, but the end is always drawn
        meter.update(Phase.SYNC, 0, total);
        meter.finish();
        String withEta = "writing   4.0 MiB / 8.0 MiB  50%  13.3 MiB/s  ETA 0:01";
        String done = "writing   8.0 MiB / 8.0 MiB 100%  20.0 MiB/s";
        assertEquals("\rwriting   0 B / 8.0 MiB   0%"
                + "\r" + withEta
                + "\r" + done + " ".repeat(withEta.length() - done.length()) + "\n"
                + "\rsyncing   0 B / 8.0 MiB   0%\n", bytes.toString(StandardCharsets.UTF_8));
    }
}
