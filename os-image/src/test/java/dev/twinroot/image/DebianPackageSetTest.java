package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DebianPackageSetTest {
    static final List<String> SOURCES = List.of("deb http://deb.debian.org/debian bookworm main");

    @Test
    void theCacheKeyIgnoresPackageOrderButNotVersionsOrSources() {
        var a = new DebianPackageSet("bookworm", "arm64", SOURCES, List.of("busybox-static", "libc6"));
        var b = new DebianPackageSet("bookworm", "arm64", SOURCES, List.of("libc6", "busybox-static"));
        var pinned = new DebianPackageSet("bookworm", "arm64", SOURCES, List.of("libc6=2.36-9+deb12u14", "busybox-static"));
        var other = new DebianPackageSet("bookworm", "arm64",
                List.of("deb http://deb.debian.org/debian bookworm main contrib"), List.of("busybox-static", "libc6"));
        assertEquals(a.key(), b.key());
        assertNotEquals(a.key(), pinned.key());
        assertNotEquals(a.key(), other.key());
        assertNotEquals(a.key(), new DebianPackageSet("bookworm", "armhf", SOURCES, a.packages()).key());
    }

    @Test
    void rejectsWhatCouldBreakOutOfTheMmdebstrapHook() {
        for (String bad : List.of("libc6; reboot", "$(id)", "a b", "../x", "'")) {
            assertThrows(IllegalArgumentException.class,
                    () -> new DebianPackageSet("bookworm", "arm64", SOURCES, List.of(bad)), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new DebianPackageSet("bookworm", "arm64",
                List.of("deb http://x/ bookworm main' ; id '"), List.of("libc6")));
        assertThrows(IllegalArgumentException.class, () -> new DebianPackageSet("book worm", "arm64", SOURCES, List.of("libc6")));
        assertThrows(IllegalArgumentException.class, () -> new DebianPackageSet("bookworm", "arm64", SOURCES, List.of()));
    }

    @Test
    void readsAptSimulationOutput() {
        String apt = """
                Reading package lists...
                The following NEW packages will be installed:
                  busybox-static libc6
                Inst busybox-static (1:1.35.0-4+deb12u1+b1 Debian:12.15/oldstable [arm64])
                Inst libgcc-s1 (12.2.0-14+deb12u1 Debian:12.15/oldstable [arm64]) []
                Inst tzdata (2025b-0+deb12u2 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [all])
                Conf busybox-static (1:1.35.0-4+deb12u1+b1 Debian:12.15/oldstable [arm64])
                """;
        assertEquals(List.of(new DebianPackage("busybox-static", "1:1.35.0-4+deb12u1+b1", "arm64"),
                new DebianPackage("libgcc-s1", "12.2.0-14+deb12u1", "arm64"),
                new DebianPackage("tzdata", "2025b-0+deb12u2", "all")), DebianPackage.fromSimulation(apt));
    }
}
