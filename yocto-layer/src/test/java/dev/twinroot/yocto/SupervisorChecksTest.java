package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The pieces of SupervisorChecks: which FILES entries package a path, and how an install command reads. */
class SupervisorChecksTest {

    @Test
    void filesEntriesAreGlobsAndDirectoriesTakeWhatIsBelow() {
        String library = "/usr/lib/twinroot/lib/picocli.jar";
        assertTrue(SupervisorChecks.covers("${libdir}/twinroot/lib/*.jar", library));
        assertTrue(SupervisorChecks.covers("${libdir}/twinroot/lib", library));
        assertTrue(SupervisorChecks.covers("${libdir}/twinroot/lib/", library));
        assertTrue(SupervisorChecks.covers("${libdir}/twinroot", library));
        assertTrue(SupervisorChecks.covers("${libdir}/twin*", library));
        assertFalse(SupervisorChecks.covers("${libdir}/twinroot/twinroot-supervisor.jar", library));
        assertFalse(SupervisorChecks.covers("${libdir}/twinroot/*.jar", library), "* stays within one segment");
        assertFalse(SupervisorChecks.covers("${libdir}/twinroot/lib/*.so", library));
        assertFalse(SupervisorChecks.covers("${libdir}/twinroot/li", library), "a directory is a whole segment");
        assertFalse(SupervisorChecks.covers("/usr/lib/twinroot", library), "only ${libdir} is read");
    }

    @Test
    void installCommands() {
        assertEquals(Optional.of(new SupervisorChecks.Install(false, List.of("twinroot-supervisor/lib/*.jar"),
                        "/usr/lib/twinroot/lib")),
                SupervisorChecks.Install.parse("    install -m 0644 ${WORKDIR}/twinroot-supervisor/lib/*.jar"
                        + " ${D}${libdir}/twinroot/lib/"));
        assertEquals(Optional.of(new SupervisorChecks.Install(true, List.of("/usr/lib/twinroot/lib", "/etc"), "")),
                SupervisorChecks.Install.parse("install -d \"${D}${libdir}/twinroot/lib\" ${D}/etc"));
        assertEquals(Optional.of(new SupervisorChecks.Install(false, List.of("a", "b"), "/usr/lib/x")),
                SupervisorChecks.Install.parse("install -p -t ${D}${libdir}/x ${WORKDIR}/a ${WORKDIR}/b"));
        assertEquals(Optional.of(new SupervisorChecks.Install(false, List.of("a"), "/usr/lib/x")),
                SupervisorChecks.Install.parse("install ${WORKDIR}/a ${D}${libdir}/x && true ${D}/y"));
        assertEquals(Optional.of(new SupervisorChecks.Install(false, List.of("a"), "${libdir}/x")),
                SupervisorChecks.Install.parse("install ${WORKDIR}/a ${libdir}/x"), "not below ${D}: the host's");
        assertEquals(Optional.empty(), SupervisorChecks.Install.parse("cp -R a b"));
        assertEquals(Optional.empty(), SupervisorChecks.Install.parse("install"));
    }
}
