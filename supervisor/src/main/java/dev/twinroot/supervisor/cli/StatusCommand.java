package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.SupervisorException;
import dev.twinroot.supervisor.agent.OsRelease;
import dev.twinroot.supervisor.api.ApiTimeoutException;
import dev.twinroot.supervisor.api.UnixHttpClient;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.api.WireCodec;
import dev.twinroot.supervisor.assessment.KernelCommandLine;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.daemon.StatusReport;
import dev.twinroot.updater.json.JsonShapeException;
import dev.twinroot.updater.json.JsonTree;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl status}: asks the daemon over its Unix socket; when no daemon answers there, reads the
 * records on the data partition itself (then BOOT_ORDER is unknown: only the daemon's boot control knows it).
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the booted slot, the assessment of this boot, the installer's last install, the last"
                + " update and past rollbacks.",
        footer = {"", "Examples:", "  twinrootctl status", "  twinrootctl status --json | jq .lastUpdate"})
final class StatusCommand implements Callable<Integer> {

    /** How the first warning of a status read from the records says the daemon runs but did not answer. */
    static final String NO_ANSWER = "the daemon did not answer";
    /**
     * Generous: the daemon answers in milliseconds on a board, but its first status after a start (classes
     * loaded, JSON serializers built) was seen to take over 10 s under QEMU TCG on a loaded host.
     */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    @Mixin
    ConfigOption config;

    @Option(names = "--json", description = "Print the status as JSON (the same document as GET /v1/status).")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SystemConfig c = config.load();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            // The daemon's document as it sent it, as a tree (jackson-jr): databind's start under emulation cost
            // seconds per call, and scripts and the QEMU tests call this often.
            Map<String, Object> tree = readTree(c, ANSWER_TIMEOUT);
            if (tree.get("warnings") instanceof List<?> warnings) {
                warnings.forEach(w -> warn(String.valueOf(w)));
            }
            out.println(new String(JsonTree.write(tree), StandardCharsets.UTF_8));
        } else {
            Wire.StatusResponse status = read(c, ANSWER_TIMEOUT);
            status.warnings().forEach(this::warn);
            new StatusText(out).print(status, c);
        }
        out.flush();
        return 0;
    }

    /** On stderr, so that the JSON on stdout stays one document; it also carries them under "warnings". */
    private void warn(String warning) {
        spec.commandLine().getErr().println("twinrootctl status: warning: " + warning);
    }

    /** As {@link #read}, as the JSON tree of {@code GET /v1/status}. */
    static Map<String, Object> readTree(SystemConfig c, Duration timeout) throws IOException {
        Optional<byte[]> body;
        try {
            body = daemonBody(c, timeout);
        } catch (ApiTimeoutException e) {
            return WireCodec.status(recordsAfterNoAnswer(c, e));
        }
        if (body.isEmpty()) {
            return WireCodec.status(fromRecords(c));
        }
        Object tree;
        try {
            tree = JsonTree.read(body.get());
        } catch (JsonShapeException e) {
            throw new SupervisorException("the daemon's status is not JSON: " + e.getMessage());
        }
        if (!(tree instanceof Map<?, ?>)) {
            throw new SupervisorException("the daemon's status is not a JSON object");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) tree;
        return status;
    }

    /** From the daemon when it runs; from its records when it does not, or does not answer within {@code timeout}. */
    static Wire.StatusResponse read(SystemConfig c, Duration timeout) throws IOException {
        try {
            Optional<byte[]> body = daemonBody(c, timeout);
            return body.isPresent() ? Json.reader(Wire.StatusResponse.class).readValue(body.get()) : fromRecords(c);
        } catch (ApiTimeoutException e) {
            return recordsAfterNoAnswer(c, e);
        }
    }

    /** Busy or hung: what it last recorded is still worth showing, said to be only that. */
    private static Wire.StatusResponse recordsAfterNoAnswer(SystemConfig c, ApiTimeoutException e)
            throws IOException {
        Wire.StatusResponse records = fromRecords(c);
        List<String> warnings = new ArrayList<>(records.warnings());
        warnings.add(0, NO_ANSWER + ": " + e.getMessage() + "; showing its records");
        return records.withWarnings(warnings);
    }

    /** The body of the daemon's {@code GET /v1/status}; empty when no daemon listens. */
    private static Optional<byte[]> daemonBody(SystemConfig c, Duration timeout) throws IOException {
        Optional<UnixHttpClient.Response> answered = new DaemonApi(c).sendIfRunning("GET", "/v1/status", new byte[0],
                timeout);
        if (answered.isEmpty()) {
            return Optional.empty();
        }
        UnixHttpClient.Response r = answered.get();
        if (r.status() != 200) {
            Wire.ErrorResponse err = Json.reader(Wire.ErrorResponse.class).readValue(r.body());
            throw new SupervisorException("the daemon answered " + r.status() + ": " + err.error());
        }
        return Optional.of(r.body());
    }

    private static Wire.StatusResponse fromRecords(SystemConfig c) throws IOException {
        Optional<String> booted = Files.isReadable(KernelCommandLine.PROC_CMDLINE)
                ? KernelCommandLine.bootedSlot(KernelCommandLine.PROC_CMDLINE) : Optional.empty();
        return StatusReport.of(new StateDir(c.dataPath()), Wire.StatusResponse.FROM_RECORDS, booted, Optional.empty(),
                OsRelease.version(Path.of(c.osRelease())), Optional.empty(), List.of());
    }
}
