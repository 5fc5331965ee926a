package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.api.ApiException;
import dev.twinroot.supervisor.api.DeviceService;
import dev.twinroot.supervisor.api.ErrorKind;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.agent.UpdateAgent;
import dev.twinroot.supervisor.assessment.Assessment;
import dev.twinroot.supervisor.assessment.AssessmentMachine;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.assessment.BootStatus;
import dev.twinroot.supervisor.assessment.Event;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.log.Logs;
import dev.twinroot.supervisor.watchdog.Liveness;
import dev.twinroot.supervisor.watchdog.WatchdogLoop;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** The daemon's answers to the local API. */
final class SupervisorService implements DeviceService {

    private static final Logger LOG = Logger.getLogger(SupervisorService.class.getName());

    private final StateDir state;
    private final Logs logs;
    private final BootChooser boot;
    private final Reboots reboots;
    private final String version;
    private final Optional<UpdateAgent> agent;
    private final AssessmentMachine machine;
    private final Supplier<Assessment> assessment;
    private final Supplier<List<Liveness>> components;
    private final InstantSource wall;
    private final InstantSource bootClock;
    private final Optional<ApiInstalls> installs;

    SupervisorService(StateDir state, Logs logs, BootChooser boot, Reboots reboots, String version,
                      Optional<UpdateAgent> agent, AssessmentMachine machine, Supplier<Assessment> assessment,
                      Supplier<List<Liveness>> components, InstantSource wall, InstantSource bootClock,
                      Optional<ApiInstalls> installs) {
        this.state = state;
        this.logs = logs;
        this.boot = boot;
        this.reboots = reboots;
        this.version = version;
        this.agent = agent;
        this.machine = machine;
        this.assessment = assessment;
        this.components = components;
        this.wall = wall;
        this.bootClock = bootClock;
        this.installs = installs;
    }

    @Override
    public Wire.StatusResponse status() throws IOException {
        String primary = boot.primarySlot();
        List<Wire.SlotView> slots = new ArrayList<>();
        for (Slot s : Slot.values()) {
            String slot = s.name();
            slots.add(new Wire.SlotView(slot, slot.equals(primary), boot.triesLeft(slot), !boot.isCommitted(slot)));
        }
        return StatusReport.of(state, Wire.StatusResponse.FROM_DAEMON, Optional.of(boot.bootedSlot()),
                Optional.of(primary), Optional.of(version), agent.map(UpdateAgent::view), slots);
    }

    @Override
    public Wire.LogsResponse logs(int lines) throws IOException {
        return new Wire.LogsResponse(logs.tail(lines));
    }

    @Override
    public Wire.MessageResponse checkForUpdate() throws IOException {
        UpdateAgent a = agent.orElseThrow(() -> new ApiException(ErrorKind.CONFLICT,
                "no update channel is configured (updates.channel in system.json)"));
        a.requestCheck();
        return new Wire.MessageResponse("checking the channel now; see GET /v1/status for the result");
    }

    @Override
    public Wire.MessageResponse reboot(String reason) {
        LOG.warning(() -> "reboot requested through the API: " + reason);
        // After the answer is on its way: a reboot that starts at once would cut the connection first.
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(500);
                reboots.reboot(reason);
            } catch (IOException e) {
                LOG.severe(() -> "reboot failed: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "api-reboot");
        t.setDaemon(true);
        t.start();
        return new Wire.MessageResponse("rebooting: " + reason);
    }

    @Override
    public synchronized Wire.MessageResponse markGood() throws IOException {
        AssessmentState current = state.loadAssessment().orElseThrow(() -> new ApiException(ErrorKind.CONFLICT,
                "this boot has not been assessed yet"));
        if (current instanceof AssessmentState.Committed c) {
            return new Wire.MessageResponse("slot " + c.slot() + " is already committed");
        }
        if (!(current instanceof AssessmentState.Unhealthy u)) {
            throw new ApiException(ErrorKind.CONFLICT, "the assessment of this boot is in state " + current.name()
                    + "; only an unhealthy slot can be marked good by hand");
        }
        LOG.warning(() -> "slot " + u.slot() + " marked good by hand despite: " + u.reason());
        String booted = boot.bootedSlot();
        BootStatus status = new BootStatus(booted, boot.primarySlot(), boot.isCommitted(booted), state.loadPending());
        state.saveAssessment(machine.next(u, new Event.MarkedGoodByHand(), status, wall.instant(), bootClock.instant()));
        AssessmentState end = assessment.get().run();
        return new Wire.MessageResponse("slot " + end.slot() + " marked good by hand (" + end.name() + ")");
    }

    @Override
    public Wire.InstallStarted install(String source) throws IOException {
        return installs().start(source);
    }

    @Override
    public Wire.InstallRun install(long id, long after, Duration wait) throws IOException {
        return installs().progress(id, after, wait);
    }

    private ApiInstalls installs() throws ApiException {
        return installs.orElseThrow(() -> new ApiException(ErrorKind.CONFLICT,
                "this supervisor has no installer for API installs; run twinrootctl install while it is stopped"));
    }

    @Override
    public Wire.HealthyResponse healthy() {
        List<String> problems = new ArrayList<>(WatchdogLoop.problems(components.get(), wall));
        try {
            Optional<AssessmentState> s = state.loadAssessment();
            if (s.isEmpty()) {
                problems.add("this boot has not been assessed yet");
            } else if (s.get() instanceof AssessmentState.Unhealthy u) {
                problems.add(u.reason());
            } else if (s.get() instanceof AssessmentState.RebootingForFallback r) {
                problems.add(r.reason());
            } else if (!(s.get() instanceof AssessmentState.Committed)) {
                problems.add("the assessment of this boot is still running (" + s.get().name() + ")");
            }
        } catch (IOException e) {
            problems.add("cannot read the assessment record: " + e.getMessage());
        }
        return new Wire.HealthyResponse(problems.isEmpty(), problems);
    }
}
