package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.config.HttpSettings;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.http.ChangedResourceException;
import dev.twinroot.updater.http.FlakyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installs streamed from a real loopback HTTP server that drops connections, with no copy of the bundle. */
class HttpInstallTest {

    static final HttpSettings FAST = new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(400), 3,
            Duration.ZERO, Duration.ZERO);

    @TempDir
    Path dir;
    InstallFixture f;

    @BeforeEach
    void device() throws IOException {
        f = new InstallFixture(dir, InstallFixture.PKI.signer("release"));
    }

    private Installer installer() {
        InstallEnvironment e = f.environment(BootControls.over(f.store(), Slot.A), f.journal(), f.slots());
        return new Installer(new InstallEnvironment(e.compatible(), e.allowDowngrade(), e.boot(), e.slots(),
                e.journal(), e.status(), e.dataDir(), e.verifier(), BundleOpener.standard(FAST, d -> { }), e.delta(),
                e.lock()),
                InstallProgress.NONE);
    }

    @Test
    void aDeltaInstallSurvivesDroppedConnections() throws IOException {
        byte[] bundle = Files.readAllBytes(f.deltaBundle("d", "1.2.0", InstallFixture.ACTIVE, InstallFixture.NEW));
        try (FlakyServer s = new FlakyServer(bundle, List.of(FlakyServer.Behaviour.dropAfter(bundle.length / 3),
                FlakyServer.Behaviour.dropAfter(bundle.length / 3)))) {
            installer().install(s.uri().toString());
            assertEquals(3, s.requests().size());
        }
        assertArrayEquals(InstallFixture.NEW, f.prefix(f.slotB, InstallFixture.NEW.length));
        assertEquals(Slot.B, f.bootState().primary());
    }

    @Test
    void aBundleReplacedOnTheServerMidInstallIsNotSpliced() throws IOException {
        byte[] bundle = Files.readAllBytes(f.fullBundle("a", "1.2.0", InstallFixture.NEW));
        byte[] other = Files.readAllBytes(f.fullBundle("b", "1.3.0", InstallFixture.NEW));
        BootState before = f.bootState();
        try (FlakyServer s = new FlakyServer(bundle, List.of(FlakyServer.Behaviour.dropAfter(bundle.length / 2)))) {
            s.changeBeforeRequest(1, other);
            IOException e = assertThrows(IOException.class, () -> installer().install(s.uri().toString()),
                    () -> "requests " + s.requests() + " of " + bundle.length);
            assertTrue(e instanceof ChangedResourceException, e.toString());
            assertEquals(2, s.requests().size());
        }
        // The cut came while writing: slot B stays marked bad, A stays primary, the journal says write (resumable).
        assertEquals(0, f.bootState().triesLeft(Slot.B));
        assertEquals(Slot.A, f.bootState().primary());
        assertEquals(before.triesLeft(Slot.A), f.bootState().triesLeft(Slot.A));
    }
}
