package dev.twinroot.supervisor.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.updater.install.InstallLock;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    FileSlots files;

    CtlRun ctl(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 4);
        System.arraycopy(new String[] {"--config", config.toString(), "--cmdline", cmdline.toString()}, 0, all,
                args.length, 4);
        return CtlRun.of(all);
    }

    /** {@code twinrootctl status}, which reads the booted slot from /proc/cmdline only (no --cmdline). */
    CtlRun status(String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(new String[] {"status", "--config", config.toString()}, 0, all, 0, 3);
        System.arraycopy(args, 0, all, 3, args.length);
        return CtlRun.of(all);
    }

    @BeforeEach
    void device() throws IOException {
        files = FileSlots.create(dir, 4);
        image = files.image();
        bundle = files.bundle();
        slotB = files.slotB();
        state = files.bootState();
        cmdline = Files.writeString(dir.resolve("cmdline"), "console=ttyAMA0 twinroot.slot=A rootwait\n");
        config = Files.writeString(dir.resolve("system.json"),
                files.systemJson(dir.resolve("data"), dir.resolve("api.sock"), dir.resolve("api-token")));
    }

    @Test
    void installThenRollbackThenMarks() throws IOException {
        CtlRun install = ctl("install", "--json", bundle.toString());
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

        CtlRun rollback = ctl("rollback");
        assertEquals(0, rollback.exit(), rollback.err());
        assertEquals("slot A is primary; reboot to boot it\n", rollback.out());

        CtlRun bad = ctl("mark-bad", "B");
        assertEquals(0, bad.exit(), bad.err());
        CtlRun refused = ctl("mark-bad");
        assertEquals(1, refused.exit());
        assertTrue(refused.err().startsWith("twinrootctl mark-bad: refusing to mark slot A bad"), refused.err());
        CtlRun noRollback = ctl("rollback");
        assertEquals(1, noRollback.exit());
        assertTrue(noRollback.err().contains("refusing to roll back to slot B"), noRollback.err());

        CtlRun good = ctl("mark-good");
        assertEquals(0, good.exit(), good.err());
        assertEquals("slot A marked good\n", good.out());
    }

    @Test
    void statusShowsTheInstallersLastInstall() throws IOException {
        CtlRun none = status();
        assertEquals(0, none.exit(), none.err());
        assertTrue(none.out().contains("last install:   no install yet\n"), none.out());
        assertEquals("", none.err());

        assertEquals(0, ctl("install", bundle.toString()).exit());
        CtlRun text = status();
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().matches("(?s).*\nlast install:   reboot-pending: 1\\.2\\.0 into slot B at 20\\d\\d-[^ ]+Z from "
                + java.util.regex.Pattern.quote(bundle.toString()) + "\n.*"), text.out());
        CtlRun json = status("--json");
        assertEquals(0, json.exit(), json.err());
        Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(json.out());
        Wire.InstallView last = s.lastInstall().orElseThrow();
        assertEquals(List.of("1.2.0", "B", "reboot-pending", bundle.toString()),
                List.of(last.version(), last.slot(), last.result(), last.source()));
        assertEquals(List.of(), s.warnings());
    }

    @Test
    void aCorruptInstallRecordIsOneWarningAndTheRestOfStatus() throws IOException {
        Path record = Files.createDirectories(dir.resolve("data")).resolve("status.json");
        Files.writeString(record, "{\"format\": 1, \"lastInstall\": {\"source\": 7");
        CtlRun text = status();
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.err().startsWith("twinrootctl status: warning: the installer's record " + record
                + " is unreadable, so the last install is unknown: "), text.err());
        assertEquals(1, text.err().lines().count(), text.err());
        assertTrue(text.out().contains("last install:   unknown (see the warning)\n"), text.out());
        assertTrue(text.out().contains("last update:    none recorded\n"), text.out());

        CtlRun json = status("--json");
        assertEquals(0, json.exit());
        assertEquals(text.err(), json.err());
        Wire.StatusResponse s = Json.reader(Wire.StatusResponse.class).readValue(json.out());
        assertEquals(Optional.empty(), s.lastInstall());
        assertEquals(1, s.warnings().size());
        assertTrue(json.err().contains(s.warnings().get(0)), s.warnings().toString());
    }

    @Test
    void aSecondInstallIsTurnedAwayWhileOneRuns() throws IOException {
        byte[] b = Files.readAllBytes(slotB);
        Instant since = Instant.parse("2026-11-28T05:00:00Z");
        try (InstallLock.Held held = new InstallLock(dir.resolve("data"), Clock.fixed(since, ZoneOffset.UTC)).acquire()) {
            CtlRun second = ctl("install", bundle.toString());
            assertEquals(1, second.exit());
            assertEquals("twinrootctl install: another install is running (pid " + ProcessHandle.current().pid()
                    + " since 2026-11-28T05:00:00Z)\n", second.err());
        }
        assertArrayEquals(b, Files.readAllBytes(slotB));
        assertEquals(Slot.A, new FileBootStateStore(state).read().primary());
        assertEquals(0, ctl("install", bundle.toString()).exit(), "the lock is free again");
    }

    @Test
    void aDeltaForAnotherSourceIsRefusedInOneLine() throws IOException {
        Path delta = files.deltaFromAnotherSource(dir);
        byte[] b = Files.readAllBytes(slotB);
        CtlRun refused = ctl("install", delta.toString());
        assertEquals(1, refused.exit());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().startsWith("twinrootctl install: ") && refused.err().contains("delta source is 65536"
                + " bytes with SHA-256 "), refused.err());
        assertArrayEquals(b, Files.readAllBytes(slotB), "slot B untouched");
        BootState boot = new FileBootStateStore(state).read();
        assertEquals(Slot.A, boot.nextBoot().orElseThrow(), "slot B not made bootable");
    }

    @Test
    void userErrorsAreOneLine() {
        CtlRun missing = ctl("install", dir.resolve("nope.twb").toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("twinrootctl install: bundle "), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertEquals(2, ctl("install").exit());
    }
}
