package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** twinrootctl against a device on the host: file slots, a file boot state, a real signed bundle. */
class DeviceCommandsTest {

    @TempDir
    Path dir;
    Path config;
    Path cmdline;
    Path state;
    Path slotB;
    Path bundle;
    byte[] image;

    record Run(int exit, String out, String err) {}

    Run ctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TwinrootCtl.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] all = Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--config", config.toString(), "--cmdline", cmdline.toString()}, 0, all,
                args.length, 4);
        return new Run(cl.execute(all), out.toString(), err.toString());
    }

    @BeforeEach
    void device() throws IOException {
        DevelopmentCa ca = DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "cli test");
        Path keyring = Files.createDirectories(dir.resolve("keyring"));
        ca.writeTo(Files.createDirectories(dir.resolve("ca")));
        Files.copy(dir.resolve("ca").resolve(DevelopmentCa.CA_FILE), keyring.resolve(DevelopmentCa.CA_FILE));
        image = new byte[50_000];
        new Random(4).nextBytes(image);
        Path img = Files.write(dir.resolve("rootfs.img"), image);
        bundle = dir.resolve("os-1.2.0.twb");
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, "test-board", Version.parse("1.2.0"), Optional.empty(),
                List.of(new PayloadPacker().packFull(img, "rootfs", Compression.ZSTD, dir.resolve("rootfs.zst"))),
                List.of(new CmsSigner(ca.signingKeyPair())));
        Files.write(dir.resolve("a.img"), new byte[64 * 1024]);
        slotB = Files.write(dir.resolve("b.img"), new byte[64 * 1024]);
        state = dir.resolve("boot-state.env");
        new FileBootStateStore(state).initialize(BootState.defaults());
        cmdline = Files.writeString(dir.resolve("cmdline"), "console=ttyAMA0 twinroot.slot=A rootwait\n");
        config = Files.writeString(dir.resolve("system.json"), """
                {"compatible": "test-board",
                 "slots": {"A": {"file": "%s"}, "B": {"file": "%s"}},
                 "bootControl": {"backend": "file", "path": "%s"},
                 "keyring": "%s", "dataDir": "%s"}
                """.formatted(dir.resolve("a.img"), slotB, state, keyring, dir.resolve("data")));
    }

    @Test
    void installThenRollbackThenMarks() throws IOException {
        Run install = ctl("install", "--json", bundle.toString());
        assertEquals(0, install.exit(), install.err());
        assertTrue(install.out().contains("{\"state\":\"reboot-pending\",\"slot\":\"B\",\"version\":\"1.2.0\"}"),
                install.out());
        assertTrue(install.out().contains("{\"phase\":\"verify\",\"done\":50000,\"total\":50000}"), install.out());
        assertArrayEquals(image, Arrays.copyOf(Files.readAllBytes(slotB), image.length));
        assertEquals(Slot.B, new FileBootStateStore(state).read().primary());
        PendingUpdate pending = new StateDir(dir.resolve("data")).loadPending().orElseThrow(
                () -> new AssertionError("no pending-update.json: slot B would boot as committed, without a trial"));
        assertEquals("B", pending.targetSlot());
        assertEquals("1.2.0", pending.version());

        Run rollback = ctl("rollback");
        assertEquals(0, rollback.exit(), rollback.err());
        assertEquals("slot A is primary; reboot to boot it\n", rollback.out());

        Run bad = ctl("mark-bad", "B");
        assertEquals(0, bad.exit(), bad.err());
        Run refused = ctl("mark-bad");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().startsWith("twinrootctl mark-bad: refusing to mark slot A bad"), refused.err());
        Run noRollback = ctl("rollback");
        assertEquals(1, noRollback.exit());
        assertTrue(noRollback.err().contains("refusing to roll back to slot B"), noRollback.err());

        Run good = ctl("mark-good");
        assertEquals(0, good.exit(), good.err());
        assertEquals("slot A marked good\n", good.out());
    }

    @Test
    void userErrorsAreOneLine() {
        Run missing = ctl("install", dir.resolve("nope.twb").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("twinrootctl install: bundle "), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertEquals(2, ctl("install").exit());
    }
}
