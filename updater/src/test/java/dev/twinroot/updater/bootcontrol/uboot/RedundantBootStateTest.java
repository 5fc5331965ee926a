package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RedundantBootStateTest {

    private static final BootState OLDER = BootState.defaults();
    private static final BootState OLD = BootState.defaults().withTriesLeft(Slot.A, 2);
    private static final BootState NEW = BootState.defaults().withPrimary(Slot.B).withTriesLeft(Slot.A, 0);

    @Test
    void readerTakesTheLargerSequenceNumber() throws Exception {
        assertNewest(1, 9, List.of(Optional.of(encode(OLD, 8)), Optional.of(encode(NEW, 9))));
        assertNewest(0, 9, List.of(Optional.of(encode(NEW, 9)), Optional.of(encode(OLD, 8))));
        assertNewest(0, 0x10, List.of(Optional.of(encode(NEW, 0x10)), Optional.of(encode(OLD, 0xf))));
    }

    @Test
    void aTieGoesToTheFirstCopy() throws Exception {
        assertNewest(0, 0, RedundantBootState.initialCopies(OLD).stream().map(Optional::of).toList());
    }

    @Test
    void invalidOrMissingCopiesAreSkipped() throws Exception {
        byte[] broken = encode(NEW, 9);
        broken[100] ^= 1;
        assertNewest(1, 3, List.of(Optional.of(broken), Optional.of(encode(OLD, 3))));
        assertNewest(0, 3, List.of(Optional.of(encode(OLD, 3)), Optional.empty()));
        assertNewest(1, 3, List.of(Optional.of(new byte[7]), Optional.of(encode(OLD, 3))));
        assertEquals(Optional.empty(), RedundantBootState.newest(List.of(Optional.empty(), Optional.of(broken))));
    }

    @Test
    void writerOverwritesTheOtherCopyWithTheNextNumber() throws Exception {
        Optional<StoredCopy> newest = RedundantBootState.newest(List.of(Optional.of(encode(OLD, 4)), Optional.of(encode(OLDER, 3))));
        assertEquals(1, RedundantBootState.writeTarget(newest));
        assertEquals(5, RedundantBootState.nextSequence(newest));
        assertEquals(0, RedundantBootState.writeTarget(Optional.empty()));
        assertEquals(1, RedundantBootState.nextSequence(Optional.empty()));
    }

    @Test
    void sequenceNumbersAreTheScriptsHexWithPrefix() throws Exception {
        assertEquals("0x1f", UBootEnvCodec.decode(encode(OLD, 31), BootContract.STATE_SIZE).get(BootContract.BOOT_SEQ));
        assertSequenceRejected("12");
        assertSequenceRejected("0x");
        assertSequenceRejected("0x12345678901234567");
        assertSequenceRejected("0x8000000000000000");
        assertSequenceRejected("0xg");
    }

    @Test
    void aCopyWithoutSequenceNumberIsInvalid() {
        byte[] image = UBootEnvCodec.encode(Map.of("BOOT_ORDER", "A B"), BootContract.STATE_SIZE);
        BootStateFormatException e = assertThrows(BootStateFormatException.class, () -> RedundantBootState.parse(0, image));
        assertEquals("boot state: variable BOOT_SEQ is missing", e.getMessage());
    }

    /**
     * The writer is interrupted after every possible number of bytes of the copy it overwrites, with the rest
     * of the file still holding the older copy, or zeros, or cut off: the reader returns the state before the
     * write or the state after it, never anything else.
     */
    @Test
    void aWriteInterruptedAtAnyByteLeavesTheOldOrTheNewState() throws Exception {
        byte[] current = encode(OLD, 6);
        byte[] older = encode(OLDER, 5);
        byte[] written = encode(NEW, 7);
        int sawNew = 0;
        for (int cut = 0; cut <= BootContract.STATE_SIZE; cut++) {
            for (int variant = 0; variant < 3; variant++) {
                byte[] torn = switch (variant) {
                    case 0 -> older.clone();
                    case 1 -> new byte[BootContract.STATE_SIZE];
                    default -> new byte[cut];
                };
                System.arraycopy(written, 0, torn, 0, cut);
                BootState read = readState(List.of(Optional.of(current), Optional.of(torn)));
                assertTrue(read.equals(OLD) || read.equals(NEW), "cut at " + cut + ", variant " + variant + ": " + read);
                if (read.equals(NEW)) {
                    sawNew++;
                }
            }
        }
        assertTrue(sawNew >= 3, "a complete write must be read as the new state");
    }

    /** Many updates in a row, each write torn at a random sector boundary or byte with some probability. */
    @Test
    void randomTornWritesNeverLoseTheState() throws Exception {
        Random random = new Random(0x5eed);
        List<Optional<byte[]>> copies = new java.util.ArrayList<>(RedundantBootState.initialCopies(OLDER).stream().map(Optional::of).toList());
        BootState expected = OLDER;
        for (int i = 0; i < 3000; i++) {
            Optional<StoredCopy> newest = RedundantBootState.newest(copies);
            BootState next = randomState(random);
            byte[] written = RedundantBootState.encode(next, RedundantBootState.nextSequence(newest));
            int target = RedundantBootState.writeTarget(newest);
            boolean torn = random.nextInt(3) == 0;
            byte[] result = written;
            if (torn) {
                byte[] before = copies.get(target).orElse(new byte[BootContract.STATE_SIZE]);
                result = before.length == written.length ? before.clone() : new byte[written.length];
                int cut = random.nextBoolean() ? random.nextInt(BootContract.STATE_SIZE / 512) * 512 : random.nextInt(64);
                System.arraycopy(written, 0, result, 0, cut);
                if (Arrays.equals(result, written)) {
                    torn = false;
                }
            }
            copies.set(target, Optional.of(result));
            if (!torn) {
                expected = next;
            }
            assertEquals(expected, readState(copies), "update " + i + (torn ? " (torn)" : ""));
        }
    }

    static BootState randomState(Random random) {
        BootState state = BootState.defaults();
        if (random.nextBoolean()) {
            state = state.withPrimary(Slot.B);
        }
        for (Slot slot : Slot.values()) {
            state = state.withTriesLeft(slot, random.nextInt(BootContract.MAX_TRIES + 1));
        }
        return state;
    }

    private static BootState readState(List<Optional<byte[]>> copies) throws BootStateFormatException {
        return RedundantBootState.state(RedundantBootState.newest(copies).orElseThrow());
    }

    private static void assertNewest(int index, long sequence, List<Optional<byte[]>> copies) {
        StoredCopy newest = RedundantBootState.newest(copies).orElseThrow();
        assertEquals(index, newest.index());
        assertEquals(sequence, newest.sequence());
    }

    private static void assertSequenceRejected(String seq) {
        byte[] image = UBootEnvCodec.encode(Map.of(BootContract.BOOT_SEQ, seq), BootContract.STATE_SIZE);
        assertThrows(BootStateFormatException.class, () -> RedundantBootState.parse(0, image), seq);
    }

    private static byte[] encode(BootState state, long seq) {
        return RedundantBootState.encode(state, seq);
    }
}
