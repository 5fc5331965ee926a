package dev.twinroot.updater.install;

import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.Slot;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How the last install ended: the journal's final state, {@code reboot-pending}, {@code failed} or
 * {@code abandoned}; then, for a {@code reboot-pending} install, how the trial boot of its slot ended, as the
 * supervisor records it ({@link DeviceStatusStore#recordTrialEnd}): {@code committed} or {@code rolled-back}.
 *
 * @param message why it failed, was abandoned or was rolled back
 * @param at when the install ended
 */
public record InstallRecord(String source, Version version, Slot slot, String result, Optional<String> message,
        Instant at) {

    public static final String REBOOT_PENDING = "reboot-pending";
    public static final String COMMITTED = "committed";
    public static final String ROLLED_BACK = "rolled-back";

    public InstallRecord {
        Objects.requireNonNull(source);
        Objects.requireNonNull(version);
        Objects.requireNonNull(slot);
        Objects.requireNonNull(result);
        Objects.requireNonNull(message);
        Objects.requireNonNull(at);
    }

    /** This install, its trial boot over with {@code result} ({@link #COMMITTED} or {@link #ROLLED_BACK}). */
    InstallRecord trialEnded(String result, Optional<String> why) {
        return new InstallRecord(source, version, slot, result, why, at);
    }
}
