package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.RecordException;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.grow.DataGrowthRecord;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The status of a device as the records on its data partition tell it: what the daemon serves on
 * {@code GET /v1/status}, and what {@code twinrootctl status} reads directly when no daemon runs: the supervisor's
 * records and the installer's last install. An unreadable record shows as absent rather than hiding the rest
 * (the installer's, with a warning saying why).
 */
public final class StatusReport {

    private StatusReport() {
    }

    public static Wire.StatusResponse of(StateDir state, String source, Optional<String> bootedSlot,
                                         Optional<String> primarySlot, Optional<String> version,
                                         Optional<Wire.AgentView> agent, List<Wire.SlotView> slots) throws IOException {
        Optional<AssessmentState> assessment = readable(state::loadAssessment);
        Optional<PendingUpdate> pending = readable(state::loadPending);
        InstallerRecord installer = InstallerRecord.read(state.dataDir());
        return new Wire.StatusResponse(source, bootedSlot, primarySlot, version, assessment.map(StatusReport::view),
                pending, installer.lastInstall(), readable(state::lastUpdate), state.rollbacks(), agent,
                readable(new DataGrowthRecord(state.root())::load), slots, installer.warning().stream().toList());
    }

    public static Wire.AssessmentView view(AssessmentState s) {
        Optional<String> kind = Optional.empty();
        Optional<String> reason = Optional.empty();
        if (s instanceof AssessmentState.RunningChecks r) {
            kind = Optional.of(kindName(r.kind()));
        } else if (s instanceof AssessmentState.Committing c) {
            kind = Optional.of(kindName(c.kind()));
        } else if (s instanceof AssessmentState.Committed c) {
            kind = Optional.of(kindName(c.kind()));
        } else if (s instanceof AssessmentState.Unhealthy u) {
            kind = Optional.of(kindName(u.kind()));
            reason = Optional.of(u.reason());
        } else if (s instanceof AssessmentState.RebootingForFallback r) {
            kind = Optional.of("update");
            reason = Optional.of(r.reason());
        } else if (s instanceof AssessmentState.RecordingRollback r) {
            kind = Optional.of("fallback");
            reason = Optional.of(r.rollback().reason());
        }
        return new Wire.AssessmentView(s.name(), kind, s.slot(), s.bootId(), s.at(), reason);
    }

    private static String kindName(AssessmentState.Kind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }

    private interface Read<T> {
        Optional<T> read() throws IOException;
    }

    private static <T> Optional<T> readable(Read<T> read) throws IOException {
        try {
            return read.read();
        } catch (RecordException e) {
            return Optional.empty();
        }
    }
}
