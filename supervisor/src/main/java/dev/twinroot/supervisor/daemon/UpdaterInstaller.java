package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.agent.ChannelIndex;
import dev.twinroot.supervisor.agent.Installer;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.classdata.NextSlotClassData;
import dev.twinroot.updater.install.BundleOpener;
import dev.twinroot.updater.install.Device;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.InstantSource;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * The update agent's {@link Installer} over the updater's installer: the same streaming, resumable, journaled
 * install as {@code twinrootctl install}, with the same {@link PendingUpdateRecorder} making the next boot a
 * trial, and each download checked against the size and digest the channel index announced. Also the
 * installs asked for through the API ({@link SourceInstaller}), from a path or URL as the client named it.
 */
final class UpdaterInstaller implements Installer, SourceInstaller, InstallRecovery {

    private static final Logger LOG = Logger.getLogger(UpdaterInstaller.class.getName());

    private final Device device;
    private final Platform platform;
    private final StateDir state;
    private final InstantSource clock;
    private final Optional<String> runningVersion;

    UpdaterInstaller(Device device, Platform platform, StateDir state, InstantSource clock,
                     Optional<String> runningVersion) {
        this.device = device;
        this.platform = platform;
        this.state = state;
        this.clock = clock;
        this.runningVersion = runningVersion;
    }

    @Override
    public void install(ChannelIndex.Artifact artifact, String version, Optional<String> deltaFrom, Runnable alive)
            throws IOException {
        InstallState done = install(artifact.url().toString(), new Progress(alive),
                opener -> source -> new AnnouncedDownload(opener.open(source), artifact));
        if (!done.target().version().toString().equals(version)) {
            LOG.warning(() -> "the channel index announced version " + version + " but the signed bundle at "
                    + artifact.url() + " is version " + done.target().version());
        }
    }

    /** An install asked for through the API: {@code source} as {@code twinrootctl install} names it. */
    @Override
    public InstallState install(String source, InstallProgress shown) throws IOException {
        return install(source, shown, UnaryOperator.identity());
    }

    /** Both: the pending-update record on the way, the new slot's class-data archive made before it activates. */
    private InstallState install(String source, InstallProgress shown, UnaryOperator<BundleOpener> opened)
            throws IOException {
        InstallProgress progress = new PendingUpdateRecorder(shown, state, clock, runningVersion);
        try {
            return device.installer(platform, progress, opened, NextSlotClassData.onDevice()).install(source);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public Optional<String> recoverAtBoot() throws IOException {
        Optional<InstallState> journaled = device.journal().read();
        if (journaled.isEmpty() || journaled.get().finished()) {
            return Optional.empty();
        }
        InstallProgress progress = new PendingUpdateRecorder(InstallProgress.NONE, state, clock, runningVersion);
        try {
            return device.installer(platform, progress).recoverAtBoot()
                    .map(s -> "install of " + s.target().version() + " into slot " + s.target().slot().name()
                            + ": " + s.wireName() + (s instanceof InstallState.Abandoned a ? " (" + a.reason() + ")"
                            : ""));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Tells the watchdog loop the install is alive, and logs each state. */
    private record Progress(Runnable alive) implements InstallProgress {
        @Override
        public void state(InstallState s) {
            alive.run();
            LOG.info(() -> "install of " + s.target().version() + " into slot " + s.target().slot().name() + ": "
                    + s.wireName());
        }

        @Override
        public void bytes(String phase, long done, long total) {
            alive.run();
        }

        @Override
        public void note(String line) {
            alive.run();
            LOG.info(line);
        }
    }
}
