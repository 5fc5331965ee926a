package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.NoBootStateException;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UBootStateStoreTest {

    @TempDir
    Path boot;

    @Test
    void writesAlternateBetweenTheCopiesWithRisingSequenceNumbers() throws IOException {
        writeInitial();
        UBootStateStore store = new UBootStateStore(boot);
        for (int i = 1; i <= 5; i++) {
            int left = i % 4;
            store.update(state -> state.withTriesLeft(Slot.B, left));
            byte[] written = Files.readAllBytes(copy(i % 2 == 1 ? 1 : 0));
            StoredCopy parsed = RedundantBootState.parse(0, written);
            assertEquals(i, parsed.sequence(), "write " + i);
            assertEquals(left, store.read().triesLeft(Slot.B));
        }
    }

    @Test
    void theOtherCopyIsNotTouched() throws IOException {
        writeInitial();
        byte[] copy1 = Files.readAllBytes(copy(0));
        new UBootStateStore(boot).update(state -> state.withPrimary(Slot.B));
        assertArrayEquals(copy1, Files.readAllBytes(copy(0)));
    }

    @Test
    void withNoValidCopyTheStateIsTheDefaultsAsForTheBootScript() throws IOException {
        Files.write(copy(0), new byte[BootContract.STATE_SIZE]);
        Files.write(copy(1), new byte[3]);
        UBootStateStore store = new UBootStateStore(boot);
        assertEquals(BootState.defaults(), store.read());
        store.update(state -> state.withTriesLeft(Slot.A, 1));
        assertEquals(1, RedundantBootState.parse(0, Files.readAllBytes(copy(0))).sequence());
        assertEquals(1, store.read().triesLeft(Slot.A));
    }

    @Test
    void aMissingCopyIsCreated() throws IOException {
        Files.write(copy(0), RedundantBootState.encode(BootState.defaults(), 4));
        new UBootStateStore(boot).update(state -> state.withPrimary(Slot.B));
        assertEquals(5, RedundantBootState.parse(1, Files.readAllBytes(copy(1))).sequence());
    }

    @Test
    void noCopyAtAllMeansTheBootPartitionIsNotThere() {
        NoBootStateException e = assertThrows(NoBootStateException.class, () -> new UBootStateStore(boot).read());
        assertTrue(e.getMessage().endsWith("neither boot-state-1.env nor boot-state-2.env exists (is the boot partition "
                + "mounted there?)"), e.getMessage());
    }

    @Test
    void aValidCopyWithAValueOutsideTheContractIsReportedWithItsFile() throws IOException {
        writeInitial();
        Files.write(copy(1), UBootEnvCodec.encode(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "x", "BOOT_B_LEFT", "3",
                "BOOT_SEQ", "0x9"), BootContract.STATE_SIZE));
        BootStateFormatException e = assertThrows(BootStateFormatException.class, () -> new UBootStateStore(boot).read());
        assertEquals(copy(1) + ": boot state: BOOT_A_LEFT must be one digit 0-9, found 'x'", e.getMessage());
    }

    @Test
    void aHugeFileIsNotReadWhole() throws IOException {
        writeInitial();
        Files.write(copy(1), new byte[10 * BootContract.STATE_SIZE]);
        assertEquals(BootState.defaults(), new UBootStateStore(boot).read());
    }

    private void writeInitial() throws IOException {
        var copies = RedundantBootState.initialCopies(BootState.defaults());
        Files.write(copy(0), copies.get(0));
        Files.write(copy(1), copies.get(1));
    }

    private Path copy(int index) {
        return boot.resolve(BootContract.STATE_FILES.get(index));
    }
}
