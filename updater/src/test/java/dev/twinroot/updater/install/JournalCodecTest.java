package dev.twinroot.updater.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bundle.PayloadKind;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JournalCodecTest {

    final JournalCodec codec = new JournalCodec();

    static InstallTarget target(Random r) {
        byte[] sha = new byte[32];
        r.nextBytes(sha);
        return new InstallTarget("http://10.0.2.100/os-" + r.nextInt(1000) + ".twb", r.nextBoolean() ? Slot.A : Slot.B,
                Version.parse(r.nextInt(10) + "." + r.nextInt(10) + "." + r.nextInt(10)),
                r.nextBoolean() ? PayloadKind.FULL : PayloadKind.DELTA, r.nextLong() & Long.MAX_VALUE,
                new Sha256(HexFormat.of().formatHex(sha)));
    }

    static List<InstallState> everyState(InstallTarget t) {
        return List.of(new InstallState.MarkingBad(t), new InstallState.Writing(t),
                new InstallState.VerifyingTarget(t), new InstallState.Activating(t), new InstallState.RebootPending(t),
                new InstallState.Failed(t, "payload 0 (rootfs): SHA-256 mismatch"),
                new InstallState.Abandoned(t, "interrupted in state write"));
    }

    @Test
    void everyStateRoundTrips() throws RecordFormatException {
        Random r = new Random(1);
        for (int i = 0; i < 500; i++) {
            for (InstallState s : everyState(target(r))) {
                assertEquals(s, codec.decode(codec.encode(s)));
            }
        }
    }

    @Test
    void damagedJournalsGiveAStateOrARecordFormatException() throws RecordFormatException {
        Random r = new Random(7);
        List<byte[]> seeds = new ArrayList<>();
        for (InstallState s : everyState(target(r))) {
            seeds.add(codec.encode(s));
        }
        int decoded = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] b = seeds.get(r.nextInt(seeds.size())).clone();
            int at = r.nextInt(b.length);
            if (r.nextInt(4) == 0) {
                b = java.util.Arrays.copyOf(b, at);
            } else {
                b[at] = (byte) r.nextInt();
            }
            try {
                InstallState s = codec.decode(b);
                assertEquals(s, codec.decode(codec.encode(s)));
                decoded++;
            } catch (RecordFormatException expected) {
                assertTrue(expected.getMessage().startsWith("install journal"), expected.getMessage());
            }
        }
        assertTrue(decoded > 0, "no damaged journal decoded: only the refusal path was checked");
    }

    @Test
    void anUnknownStateIsNamed() {
        String json = new String(codec.encode(everyState(target(new Random(3))).get(0)), StandardCharsets.UTF_8)
                .replace("mark-bad", "dance");
        RecordFormatException e = assertThrows(RecordFormatException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals("install journal: unknown state \"dance\"", e.getMessage());
    }
}
