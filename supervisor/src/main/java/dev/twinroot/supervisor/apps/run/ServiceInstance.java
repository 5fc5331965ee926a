package dev.twinroot.supervisor.apps.run;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.target.HealthCommand;
import dev.twinroot.supervisor.apps.target.Service;
import dev.twinroot.supervisor.apps.target.Volume;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One service of a release and its container over time: started, watched, restarted after an exit when the
 * restart policy says so (backing off from 1 s to 64 s), health-checked every interval with {@code runc exec},
 * stopped. All state changes happen under this object's lock; the container's exit arrives on its own thread.
 */
final class ServiceInstance {

    private static final Logger LOG = Logger.getLogger(ServiceInstance.class.getName());
    enum Health { NONE, STARTING, HEALTHY, UNHEALTHY }

    /** What every instance shares: the runtime, where things go, the cgroups, time, and the ids handed out. */
    record Context(Runc runc, AppsSettings settings, CgroupSupport cgroups, ScheduledExecutorService scheduler,
                   InstantSource clock, AtomicInteger ids) {
    }

    private final Context ctx;
    final String release;
    final Service service;
    final StoredImage image;
    final Path rootfs;
    private final AppLog log;
    private Optional<Container> container = Optional.empty();
    private boolean wanted;
    private int restarts;
    private Optional<Integer> lastExit = Optional.empty();
    private Health health;
    private int failures;
    private Optional<ScheduledFuture<?>> healthTask = Optional.empty();

    ServiceInstance(Context ctx, String release, Service service, StoredImage image, Path rootfs) {
        this.ctx = ctx;
        this.release = release;
        this.service = service;
        this.image = image;
        this.rootfs = rootfs;
        this.log = new AppLog(ctx.settings().log(service.name()), ctx.settings().maxLogBytes());
        this.health = service.healthCheck().isPresent() ? Health.STARTING : Health.NONE;
    }

    AppLog log() {
        return log;
    }

    synchronized void start() throws IOException {
        wanted = true;
        launch();
        service.healthCheck().ifPresent(h -> healthTask = Optional.of(ctx.scheduler().scheduleWithFixedDelay(
                this::checkHealth, h.interval().toMillis(), h.interval().toMillis(), TimeUnit.MILLISECONDS)));
    }

    private void launch() throws IOException {
        String id = service.name() + "-" + ctx.ids().incrementAndGet();
        Path bundle = ctx.settings().bundle(id);
        Files.createDirectories(bundle);
        Map<String, Path> volumes = new LinkedHashMap<>();
        for (Volume v : service.volumes()) {
            Path dir = ctx.settings().volume(v.name());
            Files.createDirectories(dir);
            volumes.put(v.name(), dir);
        }
        Map<String, Object> spec = RuntimeSpec.of(service, image.config(), rootfs, volumes, ctx.cgroups());
        Files.write(bundle.resolve("config.json"), Json.prettyWriter().writeValueAsBytes(spec));
        log.note("starting container " + id + " of release " + release + " (" + image.manifest().shortHex() + ")");
        Container c = Container.start(id, ctx.runc(), bundle, log, ctx.clock().instant());
        container = Optional.of(c);
        c.exited().thenAccept(status -> exited(c, status));
    }

    private void exited(Container c, int status) {
        synchronized (this) {
            if (container.isEmpty() || container.get() != c) {
                return; // a container we stopped on purpose, or replaced
            }
            lastExit = Optional.of(status);
            note("container " + c.id() + " exited with status " + status);
            cleanUp(c);
            if (!wanted || !service.restart().restartsAfter(status)) {
                container = Optional.empty();
                return;
            }
            restarts++;
            long delay = 1000L << Math.min(restarts - 1, 6);
            note("restarting in " + delay / 1000 + " s (restart " + restarts + ", policy " + service.restart().wireName() + ")");
            ctx.scheduler().schedule(() -> relaunch(c), delay, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void relaunch(Container old) {
        if (!wanted || container.isEmpty() || container.get() != old) {
            return;
        }
        try {
            launch();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "service " + service.name() + ": restart failed: " + e.getMessage());
            container = Optional.empty();
        }
    }

    /** Stops the container for good (until {@link #start} again). */
    void stop() throws IOException, InterruptedException {
        Optional<Container> c;
        synchronized (this) {
            wanted = false;
            healthTask.ifPresent(t -> t.cancel(false));
            healthTask = Optional.empty();
            c = container;
            container = Optional.empty();
        }
        if (c.isPresent()) {
            note("stopping container " + c.get().id());
            c.get().stop(ctx.settings().stopGrace());
            cleanUp(c.get());
        }
    }

    /** Stops and starts again with the same definition, as {@code POST /v2/apps/NAME/restart} asks. */
    void restart() throws IOException, InterruptedException {
        stop();
        synchronized (this) {
            health = service.healthCheck().isPresent() ? Health.STARTING : Health.NONE;
            failures = 0;
        }
        start();
    }

    synchronized boolean running() {
        return container.map(Container::running).orElse(false);
    }

    synchronized Optional<Integer> lastExit() {
        return lastExit;
    }

    /**
     * Runs the health command once, now, within {@code budget}; healthy if it exits 0. Without a health command,
     * healthy when the container runs.
     */
    HealthResult probe(Duration budget) {
        Optional<Container> c;
        synchronized (this) {
            c = container.filter(Container::running);
        }
        if (c.isEmpty()) {
            return new HealthResult(false, "not running" + lastExit().map(s -> " (last exit status " + s + ")").orElse(""));
        }
        if (service.healthCheck().isEmpty()) {
            return new HealthResult(true, "running");
        }
        HealthCommand h = service.healthCheck().get();
        Duration limit = budget.compareTo(h.timeout()) < 0 ? budget : h.timeout();
        try {
            ExternalTool.Result r = c.get().exec(h.command(), limit);
            if (r.succeeded()) {
                return new HealthResult(true, "health command exited 0");
            }
            String last = (r.stdout() + r.stderr()).strip();
            int nl = last.lastIndexOf('\n');
            last = nl < 0 ? last : last.substring(nl + 1);
            return new HealthResult(false, "health command exited " + r.exitCode()
                    + (last.isEmpty() ? "" : ": " + (last.length() > 200 ? last.substring(0, 200) : last)));
        } catch (IOException e) {
            return new HealthResult(false, "health command failed: " + e.getMessage());
        }
    }

    record HealthResult(boolean healthy, String detail) {
    }

    private void checkHealth() {
        HealthResult r = probe(service.healthCheck().orElseThrow().timeout());
        synchronized (this) {
            if (!wanted) {
                return;
            }
            if (r.healthy()) {
                failures = 0;
                health = Health.HEALTHY;
            } else if (++failures >= service.healthCheck().orElseThrow().retries()) {
                if (health != Health.UNHEALTHY) {
                    note("unhealthy: " + r.detail());
                }
                health = Health.UNHEALTHY;
            }
        }
    }

    synchronized AppStatus status() {
        String state;
        if (container.isPresent() && container.get().running()) {
            state = "running";
        } else if (container.isPresent()) {
            state = "restarting";
        } else {
            state = wanted ? "exited" : "stopped";
        }
        return new AppStatus(service.name(), release, service.image().toString(), state,
                health.name().toLowerCase(java.util.Locale.ROOT), restarts, container.map(Container::id),
                container.map(Container::started), lastExit);
    }

    private void cleanUp(Container c) {
        try {
            ctx.runc().delete(c.id());
            Trees.deleteRecursively(ctx.settings().bundle(c.id()));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "container " + c.id() + ": cleanup failed: " + e.getMessage());
        }
    }

    private void note(String line) {
        LOG.info(() -> "service " + service.name() + ": " + line);
        try {
            log.note(line);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "service " + service.name() + ": cannot write its log: " + e.getMessage());
        }
    }
}
