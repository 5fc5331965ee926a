package dev.twinroot.updater.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The contract is consistent in itself; the generated scripts are checked against it in their own tests. */
class BootContractTest {

    @Test
    void partitionsAreNumberedInTableOrderWithDistinctLabels() {
        Partition[] partitions = Partition.values();
        for (int i = 0; i < partitions.length; i++) {
            assertEquals(i + 1, partitions[i].number(), partitions[i].toString());
        }
        assertEquals(List.of("boot", "rootfs-a", "rootfs-b", "data"),
                Arrays.stream(partitions).map(Partition::label).toList());
    }

    @Test
    void everySlotHasItsOwnRootPartitionAndVariable() {
        Set<Partition> used = EnumSet.noneOf(Partition.class);
        for (Slot slot : Slot.values()) {
            assertTrue(used.add(slot.partition()), slot + " shares a partition");
            assertEquals("rootfs-" + slot.name().toLowerCase(java.util.Locale.ROOT), slot.partition().label());
            assertEquals("BOOT_" + slot + "_LEFT", slot.leftVariable());
            assertEquals(slot, Slot.named(slot.name()).orElseThrow());
            assertEquals(slot, slot.other().other());
        }
        assertEquals(Set.of(Slot.values()), Set.copyOf(BootContract.DEFAULT_ORDER));
        assertEquals(Slot.values().length, BootContract.DEFAULT_ORDER.size());
    }

    @Test
    void triesFitInOneDecimalDigit() {
        assertTrue(BootContract.DEFAULT_TRIES >= 1 && BootContract.DEFAULT_TRIES <= BootContract.MAX_TRIES);
        assertTrue(BootContract.MAX_TRIES <= 9, "U-Boot's setexpr (hex) and test (decimal) agree only on 0-9");
        assertEquals(3, BootContract.DEFAULT_TRIES);
    }

    @Test
    void stateFilesAreTwoDistinctNamesInThePartitionRoot() {
        assertEquals(2, BootContract.STATE_FILES.size());
        assertEquals(2, Set.copyOf(BootContract.STATE_FILES).size());
        for (String name : BootContract.STATE_FILES) {
            assertTrue(name.matches("[a-z0-9.-]+"), name);
        }
        assertEquals(0, BootContract.STATE_SIZE % 512, "whole sectors");
    }

    @Test
    void kernelArgumentsNameTheRootAndTheSlot() {
        assertEquals("root=PARTLABEL=rootfs-b ro rootwait twinroot.slot=B panic=5", BootContract.kernelArguments(Slot.B));
        assertEquals(Set.of("twinroot.slot=A", "twinroot.slot=B"), Arrays.stream(Slot.values())
                .map(BootContract::kernelArguments).map(a -> a.split(" ")[3]).collect(Collectors.toSet()));
    }
}
