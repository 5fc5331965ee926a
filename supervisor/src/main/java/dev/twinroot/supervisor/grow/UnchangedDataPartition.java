package dev.twinroot.supervisor.grow;

import dev.twinroot.platform.Mounts;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Skips the grower's work at a start when the last start left the data partition at its full size and nothing
 * that decides it has changed since: the same partition, on a disk of the same size, the partition and its
 * filesystem of the same sizes. Then the partition table, which only the grower writes, is still what that start
 * left. A disk that changed size (an image flashed onto a larger card, a virtual disk enlarged), a growth that a
 * power cut interrupted (its record is written when it ends) or any doubt sends the start through the whole
 * grower. Reading the table costs the start the native library's loading and a second or two under emulation.
 */
public final class UnchangedDataPartition implements DataGrower {

    private static final Logger LOG = Logger.getLogger(UnchangedDataPartition.class.getName());

    /** The sizes of the data partition as they are now. */
    @FunctionalInterface
    interface CurrentSizes {
        DataPartitionSizes read() throws IOException;
    }

    private final DataGrower grower;
    private final DataGrowthRecord last;
    private final CurrentSizes current;
    private final InstantSource clock;

    UnchangedDataPartition(DataGrower grower, DataGrowthRecord last, CurrentSizes current, InstantSource clock) {
        this.grower = grower;
        this.last = last;
        this.current = current;
        this.clock = clock;
    }

    /** For the device: the data partition mounted at {@code mountPoint}, its sizes read from sysfs. */
    public static DataGrower onDevice(DataGrower grower, DataGrowthRecord last, Mounts mounts, Path mountPoint, InstantSource clock) {
        return new UnchangedDataPartition(grower, last, () -> DataPartitionSizes.read(DataPartitionSizes.SYS_DEV_BLOCK,
                mounts.table().at(mountPoint).orElseThrow(() -> new GrowException(mountPoint + " is not a mount point"))),
                clock);
    }

    @Override
    public DataGrowth grow() {
        Optional<DataGrowth> unchanged;
        try {
            unchanged = unchanged();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "checking the data partition in full", e);
            unchanged = Optional.empty();
        }
        return unchanged.orElseGet(grower::grow);
    }

    private Optional<DataGrowth> unchanged() throws IOException {
        Optional<DataGrowth> before = last.load();
        if (before.isEmpty() || !(before.get().result().equals(DataGrowth.GROWN)
                || before.get().result().equals(DataGrowth.FULL_SIZE))) {
            return Optional.empty();
        }
        DataGrowth b = before.get();
        if (b.partition().isEmpty() || b.diskBytes().isEmpty() || b.partitionBytes().isEmpty() || b.bytesAfter().isEmpty()) {
            return Optional.empty(); // a record written before these sizes were kept
        }
        DataPartitionSizes now = current.read();
        if (!now.device().equals(b.partition().get()) || now.disk() != b.diskBytes().get() || now.partition() != b.partitionBytes().get()
                || now.filesystem() != b.bytesAfter().get()) {
            return Optional.empty();
        }
        return Optional.of(new DataGrowth(DataGrowth.FULL_SIZE, clock.instant(), b.partition(), b.bytesAfter(),
                b.bytesAfter(), "unchanged since the last start: a " + now.disk() + "-byte disk, a " + now.partition()
                + "-byte partition; the partition table not read again", b.diskBytes(), b.partitionBytes()));
    }
}
