package dev.twinroot.supervisor.apps.run;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One running container: the {@code runc run} process it lives in and the thread copying its output into the
 * service's log. {@link #exited} completes with its exit status when it ends, however it ends.
 */
final class Container {

    private static final Logger LOG = Logger.getLogger(Container.class.getName());
    private final String id;
    private final Runc runc;
    private final Process process;
    private final Instant started;
    private final CompletableFuture<Integer> exited;

    private Container(String id, Runc runc, Process process, Instant started, CompletableFuture<Integer> exited) {
        this.id = id;
        this.runc = runc;
        this.process = process;
        this.started = started;
        this.exited = exited;
    }

    static Container start(String id, Runc runc, Path bundle, AppLog log, Instant now) throws IOException {
        Process p = runc.run(id, bundle);
        CompletableFuture<Integer> exited = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                log.capture(p.getInputStream());
            } catch (IOException e) {
                LOG.log(Level.WARNING, "container " + id + ": log capture failed: " + e.getMessage());
            }
            try {
                exited.complete(p.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exited.complete(-1);
            }
        }, "app-" + id);
        t.setDaemon(true);
        t.start();
        return new Container(id, runc, p, now, exited);
    }

    String id() {
        return id;
    }

    Instant started() {
        return started;
    }

    boolean running() {
        return !exited.isDone();
    }

    CompletableFuture<Integer> exited() {
        return exited;
    }

    ExternalTool.Result exec(List<String> args, Duration timeout) throws IOException {
        return runc.exec(id, args, timeout);
    }

    /** Asks the container to stop (SIGTERM), kills it after {@code grace}, and removes its runtime state. */
    void stop(Duration grace) throws IOException, InterruptedException {
        if (running()) {
            runc.kill(id, "TERM");
            try {
                exited.get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                runc.kill(id, "KILL");
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("exit future never fails", e);
            }
        }
        runc.delete(id);
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
