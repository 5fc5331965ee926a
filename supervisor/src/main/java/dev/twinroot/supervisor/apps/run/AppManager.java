package dev.twinroot.supervisor.apps.run;

import dev.twinroot.platform.FileSync;
import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.agent.UpdateLocks;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.RegistryClient;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.layer.LayerUnpacker;
import dev.twinroot.supervisor.apps.layer.RootfsBuilder;
import dev.twinroot.supervisor.apps.target.Service;
import dev.twinroot.supervisor.apps.target.TargetState;
import dev.twinroot.supervisor.apps.target.TargetStateParser;
import dev.twinroot.supervisor.apps.target.UpdateStrategy;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the device's applications at their target state, as balena's supervisor does. {@link #apply} moves from
 * the running release to a new one service by service, each with its update strategy, after checking update
 * locks; it then waits for every changed service to prove healthy and, if one does not, puts the previous
 * release back. The release that runs is recorded on the data partition ({@code current.json}, and the one
 * before it in {@code previous.json}), so {@link #start} brings the same applications back after a reboot or a
 * host-OS update. Unused images are collected after each successful release, keeping the previous one's for a
 * rollback.
 */
public final class AppManager implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AppManager.class.getName());
    static final Duration PROBE_INTERVAL = Duration.ofMillis(500);

    private final AppsSettings settings;
    private final ImageStore store;
    private final RootfsBuilder rootfs;
    private final RegistryClient registry;
    private final ImagePlatform platform;
    private final UpdateLocks locks;
    private final InstantSource clock;
    private final ServiceInstance.Context ctx;
    private final ScheduledExecutorService scheduler;
    private final Map<String, ServiceInstance> running = new LinkedHashMap<>();
    private Optional<TargetState> current = Optional.empty();
    /** Why {@link #start} could not start the recorded release, for the services it left not started. */
    private volatile Optional<String> startFailure = Optional.empty();

    public AppManager(AppsSettings settings, Runc runc, UpdateLocks locks, CgroupSupport cgroups, ImagePlatform platform,
                      FileSync sync, InstantSource clock) {
        this.settings = settings;
        this.store = new ImageStore(settings.images());
        this.rootfs = new RootfsBuilder(store, new LayerUnpacker(settings.maxImageBytes(), true), sync);
        this.registry = new RegistryClient(settings.registryTimeout(), settings.registries());
        this.platform = platform;
        this.locks = locks;
        this.clock = clock;
        this.scheduler = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "apps");
            t.setDaemon(true);
            return t;
        });
        this.ctx = new ServiceInstance.Context(runc, settings, cgroups, scheduler, clock, new AtomicInteger());
    }

    public ImageStore images() {
        return store;
    }

    /**
     * Starts the recorded release, after removing containers a previous supervisor left in the runtime (their
     * output had nowhere to go once it died). Nothing recorded: nothing runs. The release counts as current
     * before anything can fail, so that the health check names each service that did not start, and why:
     * a host-OS update that lost the runtime or an image is then rolled back like any unhealthy update.
     */
    public synchronized Optional<String> start() throws IOException, InterruptedException {
        Optional<TargetState> recorded = Files.exists(settings.currentRelease())
                ? Optional.of(TargetStateParser.parse(Files.readAllBytes(settings.currentRelease())))
                : Optional.empty();
        current = recorded;
        try {
            if (ctx.runc().installed()) {
                for (String id : ctx.runc().list()) {
                    LOG.info(() -> "removing container " + id + " left by a previous supervisor");
                    ctx.runc().delete(id);
                }
            }
            if (recorded.isEmpty()) {
                return Optional.empty();
            }
            for (Service s : recorded.get().startOrder()) {
                ServiceInstance i = prepare(recorded.get().release(), s);
                i.start();
                running.put(s.name(), i);
            }
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: a recorded release the runtime spec cannot express must not stop the daemon.
            startFailure = Optional.of(e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        }
        return Optional.of(recorded.get().release());
    }

    /** Whether the container runtime is installed on this device. */
    public boolean runtimeInstalled() {
        return ctx.runc().installed();
    }

    /** The runtime, as messages name it. */
    public String runtime() {
        return ctx.runc().describe();
    }

    /** Moves to {@code next}; {@code raw} is its document, recorded as the current release on success. */
    public synchronized ApplyResult apply(TargetState next, byte[] raw) throws IOException, InterruptedException {
        // Download first whatever may be downloaded while the old containers still run.
        for (Service s : next.startOrder()) {
            if (changes(s) && (s.updateStrategy() != UpdateStrategy.KILL_THEN_DOWNLOAD || !running.containsKey(s.name()))) {
                fetch(s);
            }
        }
        List<String> removed = running.keySet().stream().filter(n -> next.service(n).isEmpty()).toList();
        boolean stopsSomething = !removed.isEmpty() || next.startOrder().stream()
                .anyMatch(s -> changes(s) && running.containsKey(s.name()));
        if (stopsSomething) {
            List<String> held = locks.held();
            if (!held.isEmpty()) {
                return new ApplyResult.Waiting(next.release(), held);
            }
        }
        Map<String, ServiceInstance> before = new LinkedHashMap<>(running);
        List<String> changed = new ArrayList<>();
        try {
            for (String name : reversed(removed)) {
                running.remove(name).stop();
                changed.add(name);
            }
            for (Service s : next.startOrder()) {
                if (!changes(s)) {
                    continue;
                }
                changed.add(s.name());
                switchTo(next.release(), s);
            }
            for (String name : changed) {
                ServiceInstance i = running.get(name);
                if (i != null) {
                    verify(i);
                }
            }
        } catch (AppsException e) {
            String restored = rollBack(before, changed);
            return new ApplyResult.RolledBack(next.release(), e.getMessage(), restored);
        }
        if (Files.exists(settings.currentRelease())) {
            AtomicFiles.write(settings.previousRelease(), Files.readAllBytes(settings.currentRelease()));
        }
        AtomicFiles.write(settings.currentRelease(), raw);
        Optional<TargetState> previous = current;
        current = Optional.of(next);
        startFailure = Optional.empty();
        collectGarbage(next, previous);
        return new ApplyResult.Applied(next.release(), changed);
    }

    private boolean changes(Service s) {
        ServiceInstance i = running.get(s.name());
        return i == null || !i.service.sameContainerAs(s);
    }

    private void switchTo(String release, Service s) throws IOException, InterruptedException {
        ServiceInstance old = running.get(s.name());
        if (old == null) {
            ServiceInstance fresh = prepare(release, s);
            running.put(s.name(), fresh);
            fresh.start();
            return;
        }
        switch (s.updateStrategy()) {
            case DOWNLOAD_THEN_KILL -> {
                ServiceInstance fresh = prepare(release, s);
                old.stop();
                running.put(s.name(), fresh);
                fresh.start();
            }
            case KILL_THEN_DOWNLOAD -> {
                old.stop();
                running.remove(s.name());
                ServiceInstance fresh = prepare(release, s);
                running.put(s.name(), fresh);
                fresh.start();
            }
            case HAND_OVER -> {
                ServiceInstance fresh = prepare(release, s);
                fresh.start();
                try {
                    verify(fresh);
                } catch (AppsException e) {
                    fresh.stop();
                    throw e;
                }
                old.stop();
                running.put(s.name(), fresh);
            }
        }
    }

    /** Waits for a just-started service to stay up for the settle time and pass its health check. */
    private void verify(ServiceInstance i) throws AppsException, InterruptedException {
        Instant deadline = clock.instant().plus(settings.verifyTimeout());
        Instant upUntil = clock.instant().plus(settings.settle());
        String last = "no result yet";
        while (clock.instant().isBefore(deadline)) {
            if (!i.running() && i.lastExit().isPresent()) {
                throw new AppsException("service " + i.service.name() + " of release " + i.release
                        + " exited with status " + i.lastExit().get() + " after it started");
            }
            if (!clock.instant().isBefore(upUntil)) {
                ServiceInstance.HealthResult r = i.probe(Duration.between(clock.instant(), deadline));
                if (r.healthy()) {
                    return;
                }
                last = r.detail();
            }
            Thread.sleep(250);
        }
        throw new AppsException("service " + i.service.name() + " of release " + i.release + " not healthy within "
                + settings.verifyTimeout().toSeconds() + " s: " + last);
    }

    private String rollBack(Map<String, ServiceInstance> before, List<String> changed) throws InterruptedException {
        LOG.warning(() -> "rolling back services " + changed);
        for (String name : reversed(changed)) {
            ServiceInstance now = running.get(name);
            ServiceInstance was = before.get(name);
            try {
                if (now != null && now != was) {
                    now.stop();
                }
                running.remove(name);
                if (was != null) {
                    was.restart();
                    running.put(name, was);
                }
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "rollback of service " + name + " failed: " + e.getMessage());
            }
        }
        return current.map(TargetState::release).orElse("(none)");
    }

    private ServiceInstance prepare(String release, Service s) throws IOException {
        StoredImage image = fetch(s);
        return new ServiceInstance(ctx, release, s, image, rootfs.rootfs(image));
    }

    private StoredImage fetch(Service s) throws IOException {
        Optional<StoredImage> stored = store.image(s.image().digest());
        if (stored.isPresent()) {
            return stored.get();
        }
        if (s.image().registry().isEmpty()) {
            throw new AppsException("service " + s.name() + ": image " + s.image() + " is not stored and names no"
                    + " registry: load it from an image archive first");
        }
        return registry.pull(s.image(), store, platform);
    }

    private void collectGarbage(TargetState next, Optional<TargetState> previous) {
        Set<Digest> keep = new HashSet<>();
        next.services().values().forEach(s -> keep.add(s.image().digest()));
        previous.ifPresent(p -> p.services().values().forEach(s -> keep.add(s.image().digest())));
        try {
            long freed = store.collectGarbage(keep);
            LOG.info(() -> "image garbage collection freed " + freed + " bytes");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "image garbage collection failed: " + e.getMessage());
        }
    }

    public synchronized Optional<String> release() {
        return current.map(TargetState::release);
    }

    public synchronized List<AppStatus> status() {
        return running.values().stream().map(ServiceInstance::status).toList();
    }

    public synchronized void restart(String name) throws IOException, InterruptedException {
        instance(name).restart();
    }

    public synchronized List<String> logs(String name, int lines) throws IOException {
        return instance(name).log().tail(lines);
    }

    /**
     * Each service's health once the release had a chance to come up, for the boot assessment: as after an
     * update, every service must stay up for the settle time and pass its health command; probed every
     * {@link #PROBE_INTERVAL} until all do or {@code budget} (less a margin for the last probe) is spent, when
     * the last results stand. No release, or one that could not be started: at once.
     */
    public Map<String, ServiceInstance.HealthResult> awaitHealthy(Duration budget) throws InterruptedException {
        Instant start = clock.instant();
        Duration margin = budget.dividedBy(10).compareTo(Duration.ofSeconds(10)) < 0
                ? budget.dividedBy(10) : Duration.ofSeconds(10);
        Instant end = start.plus(budget).minus(margin);
        Instant settled = start.plus(settings.settle());
        while (true) {
            Instant now = clock.instant();
            Map<String, ServiceInstance.HealthResult> results = probe(now.isBefore(end)
                    ? Duration.between(now, end) : Duration.ZERO);
            boolean allHealthy = results.values().stream().allMatch(ServiceInstance.HealthResult::healthy);
            // A release that could not be started stays so: no point in waiting for it.
            if (results.isEmpty() || startFailure.isPresent() || allHealthy && !clock.instant().isBefore(settled)
                    || clock.instant().plus(PROBE_INTERVAL).isAfter(end)) {
                return results;
            }
            Thread.sleep(PROBE_INTERVAL.toMillis());
        }
    }

    /** Each service's health now: running, and its health command passing. */
    public synchronized Map<String, ServiceInstance.HealthResult> probe(Duration budget) {
        Map<String, ServiceInstance.HealthResult> out = new LinkedHashMap<>();
        for (ServiceInstance i : running.values()) {
            out.put(i.service.name(), i.probe(budget));
        }
        // A service of the release that could not even be started (its image is gone, say) is unhealthy too.
        String why = "not started" + startFailure.map(f -> " (" + f + ")").orElse("");
        current.ifPresent(c -> c.services().keySet().forEach(name -> out.putIfAbsent(name,
                new ServiceInstance.HealthResult(false, why))));
        return out;
    }

    private ServiceInstance instance(String name) throws AppsException {
        ServiceInstance i = running.get(name);
        if (i == null) {
            throw new NoSuchAppException(name);
        }
        return i;
    }

    /** Stops every container (the daemon is shutting down) and the supervisor's own threads. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        for (String name : reversed(new ArrayList<>(running.keySet()))) {
            running.get(name).stop();
        }
        running.clear();
        scheduler.shutdownNow();
    }

    private static List<String> reversed(List<String> list) {
        List<String> r = new ArrayList<>(list);
        java.util.Collections.reverse(r);
        return r;
    }
}
