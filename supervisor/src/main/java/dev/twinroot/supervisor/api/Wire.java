package dev.twinroot.supervisor.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.twinroot.supervisor.assessment.PendingUpdate;
import dev.twinroot.supervisor.assessment.Rollback;
import dev.twinroot.supervisor.assessment.UpdateOutcome;
import dev.twinroot.supervisor.grow.DataGrowth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's contract: every request and response body, with its wire names. Readers ignore fields they do
 * not know, so clients and daemons of different versions keep talking. Documented in
 * {@code docs/cli/twinrootctl.md} (API section).
 */
public final class Wire {

    private Wire() {
    }

    public record ErrorResponse(@JsonProperty("error") String error) {
    }

    public record MessageResponse(@JsonProperty("message") String message) {
    }

    public record HealthyResponse(
            @JsonProperty("healthy") boolean healthy,
            @JsonProperty("problems") List<String> problems) {

        public HealthyResponse {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }
    }

    public record LogsResponse(@JsonProperty("lines") List<String> lines) {
        public LogsResponse {
            lines = lines == null ? List.of() : List.copyOf(lines);
        }
    }

    /** {@code POST /v1/reboot}: the reason is logged; the body may be empty. */
    public record RebootRequest(@JsonProperty("reason") Optional<String> reason) {
        public RebootRequest {
            reason = reason == null ? Optional.empty() : reason;
        }
    }

    /** {@code GET /v1/status}, and {@code twinrootctl status --json}, which reads the same from the records. */
    public record StatusResponse(
            @JsonProperty("source") String source,
            @JsonProperty("bootedSlot") Optional<String> bootedSlot,
            @JsonProperty("primarySlot") Optional<String> primarySlot,
            @JsonProperty("version") Optional<String> version,
            @JsonProperty("assessment") Optional<AssessmentView> assessment,
            @JsonProperty("pendingUpdate") Optional<PendingUpdate> pendingUpdate,
            @JsonProperty("lastInstall") Optional<InstallView> lastInstall,
            @JsonProperty("lastUpdate") Optional<UpdateOutcome> lastUpdate,
            @JsonProperty("rollbacks") List<Rollback> rollbacks,
            @JsonProperty("updates") Optional<AgentView> updates,
            @JsonProperty("dataGrowth") Optional<DataGrowth> dataGrowth,
            @JsonProperty("slots") List<SlotView> slots,
            @JsonProperty("warnings") List<String> warnings) {

        public static final String FROM_DAEMON = "daemon";
        public static final String FROM_RECORDS = "records";

        public StatusResponse {
            bootedSlot = bootedSlot == null ? Optional.empty() : bootedSlot;
            primarySlot = primarySlot == null ? Optional.empty() : primarySlot;
            version = version == null ? Optional.empty() : version;
            assessment = assessment == null ? Optional.empty() : assessment;
            pendingUpdate = pendingUpdate == null ? Optional.empty() : pendingUpdate;
            lastInstall = lastInstall == null ? Optional.empty() : lastInstall;
            lastUpdate = lastUpdate == null ? Optional.empty() : lastUpdate;
            rollbacks = rollbacks == null ? List.of() : List.copyOf(rollbacks);
            updates = updates == null ? Optional.empty() : updates;
            dataGrowth = dataGrowth == null ? Optional.empty() : dataGrowth;
            slots = slots == null ? List.of() : List.copyOf(slots);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }

        /** This status with {@code replacement} as its warnings. */
        public StatusResponse withWarnings(List<String> replacement) {
            return new StatusResponse(source, bootedSlot, primarySlot, version, assessment, pendingUpdate, lastInstall,
                    lastUpdate, rollbacks, updates, dataGrowth, slots, replacement);
        }
    }

    /** {@code POST /v1/install}: a bundle's absolute path on the device, or an http:// or https:// URL. */
    public record InstallRequest(@JsonProperty("source") String source) {
    }

    /** {@code POST /v1/install}'s answer (202): the install's number, to follow it with {@code GET /v1/install}. */
    public record InstallStarted(
            @JsonProperty("id") long id,
            @JsonProperty("message") String message) {
    }

    /**
     * {@code GET /v1/install?id=N&after=K&wait=S}: an install the daemon runs for the API, and its progress
     * events numbered after {@code K}.
     *
     * @param result {@code running}, {@code installed} (the new slot boots next) or {@code failed}
     * @param version the version installed, once known
     * @param slot the slot written, once known
     * @param error why it failed, one line
     * @param events objects shaped as {@code twinrootctl install --json} prints them ({@code state, slot, version};
     *               {@code phase, done, total}; {@code note}), each with its number {@code seq}
     * @param next the number to ask {@code after} next
     */
    public record InstallRun(
            @JsonProperty("id") long id,
            @JsonProperty("source") String source,
            @JsonProperty("result") String result,
            @JsonProperty("version") Optional<String> version,
            @JsonProperty("slot") Optional<String> slot,
            @JsonProperty("error") Optional<String> error,
            @JsonProperty("events") List<Map<String, Object>> events,
            @JsonProperty("next") long next) {

        public static final String RUNNING = "running";
        public static final String INSTALLED = "installed";
        public static final String FAILED = "failed";

        public InstallRun {
            version = version == null ? Optional.empty() : version;
            slot = slot == null ? Optional.empty() : slot;
            error = error == null ? Optional.empty() : error;
            events = events == null ? List.of() : List.copyOf(events);
        }
    }

    /**
     * The installer's record of its last install ({@code DATA/status.json}): how the install itself ended, where
     * {@code lastUpdate} says how the boot of what it installed ended.
     *
     * @param result {@code reboot-pending}, {@code failed} or {@code abandoned}; a {@code reboot-pending} install
     *               becomes {@code committed} or {@code rolled-back} when the trial boot of its slot ends
     * @param message why it failed, was abandoned or was rolled back
     */
    public record InstallView(
            @JsonProperty("source") String source,
            @JsonProperty("version") String version,
            @JsonProperty("slot") String slot,
            @JsonProperty("result") String result,
            @JsonProperty("message") Optional<String> message,
            @JsonProperty("at") Instant at) {

        public InstallView {
            message = message == null ? Optional.empty() : message;
        }
    }

    /**
     * One slot as the boot control sees it: first in the boot order or not, the boots the bootloader will still
     * try (0: bad, skipped), and whether it is on trial (installed, not yet committed). Only the daemon knows
     * these.
     */
    public record SlotView(
            @JsonProperty("slot") String slot,
            @JsonProperty("primary") boolean primary,
            @JsonProperty("triesLeft") Optional<Integer> triesLeft,
            @JsonProperty("onTrial") boolean onTrial) {

        public SlotView {
            triesLeft = triesLeft == null ? Optional.empty() : triesLeft;
        }
    }

    /** Where the assessment of the current (or, read from records, the last recorded) boot stands. */
    public record AssessmentView(
            @JsonProperty("state") String state,
            @JsonProperty("kind") Optional<String> kind,
            @JsonProperty("slot") String slot,
            @JsonProperty("bootId") String bootId,
            @JsonProperty("since") Instant since,
            @JsonProperty("reason") Optional<String> reason) {

        public AssessmentView {
            kind = kind == null ? Optional.empty() : kind;
            reason = reason == null ? Optional.empty() : reason;
        }
    }

    /** The update agent: its channel, its last check and what it waits for. */
    public record AgentView(
            @JsonProperty("channel") String channel,
            @JsonProperty("lastCheck") Optional<Instant> lastCheck,
            @JsonProperty("lastResult") Optional<String> lastResult,
            @JsonProperty("nextCheck") Optional<Instant> nextCheck,
            @JsonProperty("waitingToReboot") Optional<String> waitingToReboot) {

        public AgentView {
            lastCheck = lastCheck == null ? Optional.empty() : lastCheck;
            lastResult = lastResult == null ? Optional.empty() : lastResult;
            nextCheck = nextCheck == null ? Optional.empty() : nextCheck;
            waitingToReboot = waitingToReboot == null ? Optional.empty() : waitingToReboot;
        }
    }

    /** {@code GET /v2/apps}: the release that runs, the last update of it, and each service. */
    public record AppsResponse(
            @JsonProperty("release") Optional<String> release,
            @JsonProperty("lastApply") Optional<String> lastApply,
            @JsonProperty("services") List<AppView> services) {

        public AppsResponse {
            release = release == null ? Optional.empty() : release;
            lastApply = lastApply == null ? Optional.empty() : lastApply;
            services = services == null ? List.of() : List.copyOf(services);
        }
    }

    /** One service: {@code state} running/restarting/exited/stopped, {@code health} healthy/unhealthy/starting/none. */
    public record AppView(
            @JsonProperty("name") String name,
            @JsonProperty("release") String release,
            @JsonProperty("image") String image,
            @JsonProperty("state") String state,
            @JsonProperty("health") String health,
            @JsonProperty("restarts") int restarts,
            @JsonProperty("container") Optional<String> container,
            @JsonProperty("startedAt") Optional<Instant> startedAt,
            @JsonProperty("lastExit") Optional<Integer> lastExit) {

        public AppView {
            container = container == null ? Optional.empty() : container;
            startedAt = startedAt == null ? Optional.empty() : startedAt;
            lastExit = lastExit == null ? Optional.empty() : lastExit;
        }
    }
}
