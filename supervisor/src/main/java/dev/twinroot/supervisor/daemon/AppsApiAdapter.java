package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.api.ApiException;
import dev.twinroot.supervisor.api.AppsService;
import dev.twinroot.supervisor.api.ErrorKind;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.run.AppManager;
import dev.twinroot.supervisor.apps.run.AppStatus;
import dev.twinroot.supervisor.apps.run.ApplyResult;
import dev.twinroot.supervisor.apps.run.NoSuchAppException;
import dev.twinroot.supervisor.apps.target.TargetState;
import dev.twinroot.supervisor.apps.target.TargetStateParser;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code /v2/apps} endpoints over the {@link AppManager}. A target state is applied on one background
 * thread, since pulling images takes longer than an HTTP request may; while applications hold update locks it
 * tries again every {@link #LOCK_RETRY}. Its outcome is {@code lastApply} in {@code GET /v2/apps}.
 */
final class AppsApiAdapter implements AppsService {

    private static final Logger LOG = Logger.getLogger(AppsApiAdapter.class.getName());
    static final Duration LOCK_RETRY = Duration.ofSeconds(30);

    private final AppManager apps;
    private final Optional<String> unavailable;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "apps-apply");
        t.setDaemon(true);
        return t;
    });
    private volatile Optional<String> lastApply = Optional.empty();
    private Optional<Future<?>> applying = Optional.empty();

    /** @param unavailable why this device cannot run containers: every request is then refused with it */
    AppsApiAdapter(AppManager apps, Optional<String> unavailable) {
        this.apps = apps;
        this.unavailable = unavailable;
    }

    private void requireRuntime() throws ApiException {
        if (unavailable.isPresent()) {
            throw new ApiException(ErrorKind.NOT_IMPLEMENTED, unavailable.get());
        }
    }

    @Override
    public Wire.AppsResponse apps() throws IOException {
        requireRuntime();
        List<Wire.AppView> views = apps.status().stream().map(AppsApiAdapter::view).toList();
        return new Wire.AppsResponse(apps.release(), lastApply, views);
    }

    static Wire.AppView view(AppStatus s) {
        return new Wire.AppView(s.name(), s.release(), s.image(), s.state(), s.health(), s.restarts(), s.container(),
                s.startedAt(), s.lastExit());
    }

    @Override
    public Wire.MessageResponse restart(String name) throws IOException {
        requireRuntime();
        try {
            apps.restart(name);
            return new Wire.MessageResponse("service " + name + " restarted");
        } catch (NoSuchAppException e) {
            throw new ApiException(ErrorKind.NOT_FOUND, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(ErrorKind.UNAVAILABLE, "interrupted while restarting " + name);
        }
    }

    @Override
    public Wire.LogsResponse logs(String name, int lines) throws IOException {
        requireRuntime();
        try {
            return new Wire.LogsResponse(apps.logs(name, lines));
        } catch (NoSuchAppException e) {
            throw new ApiException(ErrorKind.NOT_FOUND, e.getMessage());
        }
    }

    @Override
    public synchronized Wire.MessageResponse applyTarget(byte[] raw) throws IOException {
        requireRuntime();
        TargetState target;
        try {
            target = TargetStateParser.parse(raw);
        } catch (AppsFormatException e) {
            throw new ApiException(ErrorKind.BAD_REQUEST, e.getMessage());
        }
        if (applying.isPresent() && !applying.get().isDone()) {
            throw new ApiException(ErrorKind.CONFLICT, "a target state is being applied; try again when lastApply says so");
        }
        lastApply = Optional.of("applying release " + target.release());
        applying = Optional.of(worker.submit(() -> run(target, raw)));
        return new Wire.MessageResponse("applying release " + target.release());
    }

    private void run(TargetState target, byte[] raw) {
        try {
            while (true) {
                ApplyResult r = apps.apply(target, raw);
                lastApply = Optional.of(describe(r));
                if (!(r instanceof ApplyResult.Waiting)) {
                    return;
                }
                Thread.sleep(LOCK_RETRY.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "applying release " + target.release() + " failed", e);
            lastApply = Optional.of("release " + target.release() + " failed: " + e.getMessage());
        }
    }

    static String describe(ApplyResult r) {
        if (r instanceof ApplyResult.Applied a) {
            return "release " + a.release() + " applied" + (a.changed().isEmpty() ? " (nothing changed)"
                    : ", changed " + String.join(", ", a.changed()));
        }
        if (r instanceof ApplyResult.Waiting w) {
            return "release " + w.release() + " waits for update locks: " + String.join(", ", w.locks());
        }
        ApplyResult.RolledBack b = (ApplyResult.RolledBack) r;
        return "release " + b.release() + " failed and was rolled back to " + b.restored() + ": " + b.reason();
    }

    void close() {
        worker.shutdownNow();
    }
}
