package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.BootStateStore;
import dev.twinroot.updater.bootcontrol.NoBootStateException;
import dev.twinroot.updater.bootcontrol.StateFile;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The U-Boot backend: the two state copies ({@link BootContract#STATE_FILES}) in the root of the mounted boot
 * partition, read and written exactly as the generated boot script does.
 *
 * <p>When both files exist but neither is valid, the state is {@link BootState#defaults()}, because that is what
 * the boot script boots from in that case. When neither file exists, nothing is assumed: the boot partition is
 * probably not mounted at the given directory.
 */
public final class UBootStateStore implements BootStateStore {

    private final Path bootPartition;

    /** @param bootPartition the directory where the vfat boot partition is mounted */
    public UBootStateStore(Path bootPartition) {
        this.bootPartition = bootPartition;
    }

    @Override
    public BootState read() throws IOException {
        return stateOf(RedundantBootState.newest(readCopies()));
    }

    @Override
    public Change update(UnaryOperator<BootState> change) throws IOException {
        Optional<StoredCopy> newest = RedundantBootState.newest(readCopies());
        BootState before = stateOf(newest);
        BootState after = change.apply(before);
        int target = RedundantBootState.writeTarget(newest);
        StateFile.overwrite(file(target), RedundantBootState.encode(after, RedundantBootState.nextSequence(newest)));
        return new Change(before, after);
    }

    private List<Optional<byte[]>> readCopies() throws IOException {
        List<Optional<byte[]>> copies = new ArrayList<>();
        for (int i = 0; i < BootContract.STATE_FILES.size(); i++) {
            copies.add(StateFile.readIfExists(file(i), BootContract.STATE_SIZE));
        }
        if (copies.stream().allMatch(Optional::isEmpty)) {
            throw new NoBootStateException("no boot state in " + bootPartition + ": neither "
                    + String.join(" nor ", BootContract.STATE_FILES) + " exists (is the boot partition mounted there?)");
        }
        return copies;
    }

    private BootState stateOf(Optional<StoredCopy> newest) throws BootStateFormatException {
        if (newest.isEmpty()) {
            return BootState.defaults();
        }
        try {
            return RedundantBootState.state(newest.get());
        } catch (BootStateFormatException e) {
            throw new BootStateFormatException(file(newest.get().index()) + ": " + e.getMessage(), e);
        }
    }

    private Path file(int index) {
        return bootPartition.resolve(BootContract.STATE_FILES.get(index));
    }
}
