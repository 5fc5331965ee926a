package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.assessment.RollbackFloor;
import dev.twinroot.updater.bundle.Version;
import java.io.IOException;

/** The assessment's {@link RollbackFloor} over the updater's {@code rollback-floor} record. */
final class UpdaterRollbackFloor implements RollbackFloor {

    private final dev.twinroot.updater.install.RollbackFloor floor;

    UpdaterRollbackFloor(dev.twinroot.updater.install.RollbackFloor floor) {
        this.floor = floor;
    }

    @Override
    public void raise(String committedVersion) throws IOException {
        Version v;
        try {
            v = Version.parse(committedVersion);
        } catch (IllegalArgumentException e) {
            throw new IOException("anti-rollback floor: the committed version \"" + committedVersion
                    + "\" is not a version: " + e.getMessage());
        }
        floor.raise(v);
    }
}
