package dev.twinroot.updater.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VersionTest {

    /** Strictly increasing, taken from the Semantic Versioning spec plus our numeric extensions. */
    static final List<String> ORDER = List.of("0.9", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
            "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2", "1.10", "2", "2.0.0.1",
            "2026.3.1", "2026.03.2", "2026.12.0");

    @Test
    void ordersLikeSemverWithNumericParts() {
        for (int i = 0; i < ORDER.size(); i++) {
            for (int j = 0; j < ORDER.size(); j++) {
                Version a = Version.parse(ORDER.get(i));
                Version b = Version.parse(ORDER.get(j));
                assertEquals(Integer.signum(Integer.compare(i, j)), Integer.signum(a.compareTo(b)), a + " vs " + b);
            }
        }
    }

    @Test
    void trailingZerosAndBuildMetadataDoNotCount() {
        assertEquals(Version.parse("1.2"), Version.parse("1.2.0.0"));
        assertEquals(Version.parse("1.2").hashCode(), Version.parse("1.2.0").hashCode());
        assertEquals(0, Version.parse("1.0+build.5").compareTo(Version.parse("1.0+other")));
        assertEquals("1.0+build.5", Version.parse("1.0+build.5").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1.0", "1..2", "1.", ".1", "1.0-", "1.0-a..b", "1.0+", "1 .0", "1234567890123456789",
        "1.0-\u00e9", "1.0.0-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsWhatIsNotAVersion(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Version.parse(text));
        assertTrue(e.getMessage().startsWith("not a version"));
    }

    @Test
    void randomVersionsCompareConsistently() {
        Random r = new Random(42);
        for (int i = 0; i < 5000; i++) {
            Version a = Version.parse(random(r));
            Version b = Version.parse(random(r));
            Version c = Version.parse(random(r));
            assertEquals(Integer.signum(a.compareTo(b)), -Integer.signum(b.compareTo(a)), a + " " + b);
            if (a.compareTo(b) <= 0 && b.compareTo(c) <= 0) {
                assertTrue(a.compareTo(c) <= 0, a + " " + b + " " + c);
            }
            assertEquals(a.compareTo(b) == 0, a.equals(b));
            if (a.equals(b)) {
                assertEquals(a.hashCode(), b.hashCode());
            }
        }
    }

    private static String random(Random r) {
        StringBuilder b = new StringBuilder().append(r.nextInt(3));
        for (int n = r.nextInt(3); n > 0; n--) {
            b.append('.').append(r.nextInt(3));
        }
        if (r.nextBoolean()) {
            b.append('-').append(r.nextBoolean() ? "rc" : String.valueOf(r.nextInt(3)));
            if (r.nextBoolean()) {
                b.append('.').append(r.nextBoolean() ? "0" + r.nextInt(2) : "a");
            }
        }
        return b.toString();
    }
}
