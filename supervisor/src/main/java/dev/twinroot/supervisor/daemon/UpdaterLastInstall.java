package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.assessment.LastInstall;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.DeviceStatusStore;
import java.io.IOException;
import java.util.Optional;

/** The assessment's {@link LastInstall} over the updater's {@code status.json}. */
final class UpdaterLastInstall implements LastInstall {

    private final DeviceStatusStore status;

    UpdaterLastInstall(DeviceStatusStore status) {
        this.status = status;
    }

    @Override
    public void trialCommitted(String slot) throws IOException {
        status.recordTrialEnd(slot(slot), true, Optional.empty());
    }

    @Override
    public void trialRolledBack(String slot, String reason) throws IOException {
        status.recordTrialEnd(slot(slot), false, Optional.of(reason));
    }

    private static Slot slot(String name) throws IOException {
        return Slot.named(name).orElseThrow(() -> new IOException("last install: no slot named '" + name
                + "': expected A or B"));
    }
}
