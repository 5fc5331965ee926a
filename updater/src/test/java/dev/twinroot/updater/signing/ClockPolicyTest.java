package dev.twinroot.updater.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClockPolicyTest {

    @Test
    void aClockBeforeTheBuildDateIsUnset() {
        Instant build = ClockPolicy.BUILD_DATE;
        assertEquals(Optional.empty(), new ClockPolicy(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), build).validationTime());
        Instant later = build.plusSeconds(1);
        assertEquals(Optional.of(later), new ClockPolicy(Clock.fixed(later, ZoneOffset.UTC), build).validationTime());
    }

    /** BUILD_DATE must follow the reproducible build timestamp; this fails the release that forgets it. */
    @Test
    void buildDateIsTheParentPomsOutputTimestamp() throws IOException {
        String pom = Files.readString(Path.of("..", "pom.xml"));
        Matcher m = Pattern.compile("<project.build.outputTimestamp>([^<]+)</project.build.outputTimestamp>").matcher(pom);
        assertTrue(m.find(), "parent pom has no project.build.outputTimestamp");
        assertEquals(Instant.parse(m.group(1)), ClockPolicy.BUILD_DATE);
    }
}
