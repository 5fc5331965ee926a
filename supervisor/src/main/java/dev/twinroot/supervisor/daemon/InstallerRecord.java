package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.updater.install.DeviceStatus;
import dev.twinroot.updater.install.DeviceStatusStore;
import dev.twinroot.updater.install.InstallRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The installer's last install as status shows it, read from the updater's {@code DATA/status.json}. A file that
 * cannot be read or is not what the updater writes gives no record and a one-line warning, never a failed status.
 */
record InstallerRecord(Optional<Wire.InstallView> lastInstall, Optional<String> warning) {

    static InstallerRecord read(Path dataDir) {
        Path file = dataDir.resolve(DeviceStatusStore.FILE);
        DeviceStatus status;
        try {
            status = DeviceStatusStore.readFrom(dataDir);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
            return new InstallerRecord(Optional.empty(), Optional.of("the installer's record " + file
                    + " is unreadable, so the last install is unknown: " + why));
        }
        return new InstallerRecord(status.lastInstall().map(InstallerRecord::view), Optional.empty());
    }

    private static Wire.InstallView view(InstallRecord r) {
        return new Wire.InstallView(r.source(), r.version().toString(), r.slot().name(), r.result(), r.message(),
                r.at());
    }
}
