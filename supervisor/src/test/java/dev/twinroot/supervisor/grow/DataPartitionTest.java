package dev.twinroot.supervisor.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.twinroot.platform.BlockDevices;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataPartitionTest {

    @Test
    void diskCandidatesUndoTheKernelsPartitionNames() {
        for (String disk : List.of("/dev/vda", "/dev/sdb", "/dev/mmcblk0", "/dev/nvme0n1", "/dev/loop7", "/dev/fake0")) {
            for (int n : new int[] {1, 3, 12}) {
                Path partition = BlockDevices.partitionPath(Path.of(disk), n);
                assertEquals(Path.of(disk), DataPartition.diskCandidates(partition).get(0), partition.toString());
            }
        }
        assertEquals(List.of(), DataPartition.diskCandidates(Path.of("/dev/sda")));
        assertEquals(List.of(), DataPartition.diskCandidates(Path.of("/dev/123")));
        // "loop5p3" could be partition 3 of loop5, or partition "p3"... only the kernel's list decides.
        assertEquals(List.of(Path.of("/dev/loop5"), Path.of("/dev/loop5p")), DataPartition.diskCandidates(Path.of("/dev/loop5p3")));
    }
}
