package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.ChannelClient;
import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.agent.MaintenanceWindow;
import dev.twinroot.supervisor.agent.OsRelease;
import dev.twinroot.supervisor.agent.PollSchedule;
import dev.twinroot.supervisor.agent.RebootPolicy;
import dev.twinroot.supervisor.agent.UpdateAgent;
import dev.twinroot.supervisor.api.ApiRoutes;
import dev.twinroot.supervisor.api.ApiServer;
import dev.twinroot.supervisor.api.ApiToken;
import dev.twinroot.supervisor.api.DeviceService;
import dev.twinroot.supervisor.assessment.Assessment;
import dev.twinroot.supervisor.assessment.AssessmentMachine;
import dev.twinroot.supervisor.assessment.AssessmentState;
import dev.twinroot.supervisor.assessment.BootChooser;
import dev.twinroot.supervisor.assessment.KernelCommandLine;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.classdata.ClassDataArchive;
import dev.twinroot.supervisor.config.SystemConfig;
import dev.twinroot.supervisor.grow.DataGrower;
import dev.twinroot.supervisor.grow.DataGrowth;
import dev.twinroot.supervisor.grow.DataGrowthRecord;
import dev.twinroot.supervisor.health.CommandCheck;
import dev.twinroot.supervisor.health.DataPartitionCheck;
import dev.twinroot.supervisor.health.HealthCheck;
import dev.twinroot.supervisor.health.HealthChecks;
import dev.twinroot.supervisor.health.SupervisorCheck;
import dev.twinroot.supervisor.log.Logs;
import dev.twinroot.supervisor.watchdog.Heartbeat;
import dev.twinroot.supervisor.watchdog.Liveness;
import dev.twinroot.supervisor.watchdog.StartupKeepAlive;
import dev.twinroot.supervisor.watchdog.WatchdogLoop;
import dev.twinroot.supervisor.watchdog.WatchdogPet;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The device daemon: logs, the local API, the update agent, the application containers and the assessment of this
 * boot, held together by the main loop, which pets the watchdog while every part is alive.
 *
 * <p>Threads: the main loop ({@link #runMainLoop}'s caller), the assessment (it first starts the recorded apps,
 * then runs until it ends), the update agent (with a channel), the API acceptor and workers, and the apps' own.
 */
public final class Daemon implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    /** How much longer than the health deadline the assessment may take to commit or roll back. */
    static final Duration ASSESSMENT_GRACE = Duration.ofMinutes(2);
    /** How long closing waits for the update agent's step in progress. */
    static final Duration AGENT_STOP = Duration.ofSeconds(5);
    /** How long after the commit the class-data archive is made; {@code -Dtwinroot.classDataDelaySeconds=N} sets it. */
    static final Duration CLASS_DATA_DELAY = Duration.ofSeconds(Long.getLong("twinroot.classDataDelaySeconds", 600));

    private final Logs logs;
    private final ApiServer api;
    private final Optional<UpdateAgent> agent;
    private final WatchdogLoop watchdogLoop;
    private final Duration petInterval;
    private final SupervisorService service;
    private final Optional<AppsWiring> apps;
    private final Thread assessmentThread;
    /** Set once by {@link #start}; stopped when the main loop takes over the watchdog. */
    private volatile Optional<StartupKeepAlive> startupKeepAlive = Optional.empty();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile Optional<AssessmentState> assessed = Optional.empty();
    private volatile Optional<String> assessmentFailure = Optional.empty();
    private final Optional<ClassDataArchive> classData = ClassDataArchive.forThisJvm();
    /** Set once by {@link #start} when a channel is configured. */
    private volatile Optional<Thread> agentThread = Optional.empty();

    private Daemon(Logs logs, ApiServer api, Optional<UpdateAgent> agent, WatchdogLoop watchdogLoop,
                   Duration petInterval, SupervisorService service, Optional<AppsWiring> apps, Thread assessmentThread) {
        this.logs = logs;
        this.api = api;
        this.agent = agent;
        this.watchdogLoop = watchdogLoop;
        this.petInterval = petInterval;
        this.service = service;
        this.apps = apps;
        this.assessmentThread = assessmentThread;
    }

    /** Starts every part; fails with {@link MissingAdapterException} before touching anything if one is missing. */
    public static Daemon start(SystemConfig config, Wiring wiring, Environment env, InstantSource wall) throws IOException {
        List<String> missing = wiring.missing(config);
        if (!missing.isEmpty()) {
            throw new MissingAdapterException(missing);
        }
        BootChooser boot = wiring.bootChooser().orElseThrow();
        Reboots reboots = wiring.reboots().orElseThrow();
        StateDir state = new StateDir(config.dataPath());
        Logs logs = Logs.start(state.logDir(), config.logs().maxFileBytes(), config.logs().files());
        // The watchdog is armed already (the wiring opened it): petted until the main loop runs, within the limit.
        Optional<StartupKeepAlive> keepAlive = wiring.watchdog().map(pet -> StartupKeepAlive.start(pet,
                petInterval(config), config.health().deadline(), env.bootClock()));
        try {
            Daemon daemon = start(config, wiring, env, wall, boot, reboots, state, logs);
            daemon.startupKeepAlive = keepAlive;
            return daemon;
        } catch (IOException | RuntimeException e) {
            keepAlive.ifPresent(StartupKeepAlive::stop);
            logs.shutdown();
            throw e;
        }
    }

    private static Duration petInterval(SystemConfig config) {
        return config.watchdog().map(w -> w.timeout().dividedBy(3)).orElse(Duration.ofSeconds(10));
    }

    private static Daemon start(SystemConfig config, Wiring wiring, Environment env, InstantSource wall,
                                BootChooser boot, Reboots reboots, StateDir state, Logs logs) throws IOException {
        String bootId = KernelCommandLine.bootId(env.bootIdFile());
        String version = OsRelease.version(Path.of(config.osRelease())).orElse("unknown");
        LOG.info(() -> "twinroot supervisor starting: boot " + bootId + ", version " + version);
        InstantSource bootClock = env.bootClock();
        // Before the assessment: its data-partition check then sees the partition at its final size.
        growData(config, wiring, state, wall);
        AssessmentMachine machine = new AssessmentMachine(config.health().deadline());
        // Before the assessment reads the boot state: finishing an interrupted install may not flip BOOT_ORDER
        // under it, and one abandoned here must not be taken for this boot's update.
        if (wiring.installRecovery().isPresent()) {
            Optional<String> recovered = wiring.installRecovery().get().recoverAtBoot();
            recovered.ifPresent(r -> LOG.warning(() -> "an install was interrupted: " + r));
        }

        List<Liveness> components = new ArrayList<>();
        Optional<UpdateAgent> agent = Optional.empty();
        if (config.updates().channel().isPresent()) {
            Heartbeat beat = new Heartbeat("update-agent", Duration.ofMinutes(5), wall);
            components.add(beat);
            agent = Optional.of(new UpdateAgent(config.updates().channelUri().orElseThrow(),
                    config.compatible(), version,
                    new ChannelClient(Duration.ofSeconds(15), Duration.ofSeconds(60)),
                    wiring.indexSignature().orElseThrow(), wiring.installer().orElseThrow(),
                    rebootPolicy(config.updates().policy()), reboots,
                    new PollSchedule(config.updates().pollInterval(), Duration.ofSeconds(30), 0.1, new SecureRandom()),
                    wall, beat));
        }
        Optional<ApiInstalls> installs = wiring.sourceInstaller().map(i -> new ApiInstalls(i, wall));
        installs.ifPresent(components::add);
        Holder<Assessment> assessmentHolder = new Holder<>();
        Holder<List<Liveness>> allComponents = new Holder<>();
        SupervisorService service = new SupervisorService(state, logs, boot, reboots, version, agent, machine,
                assessmentHolder::get, allComponents::get, wall, bootClock, installs);
        ApiToken token = ApiToken.loadOrCreate(Path.of(config.api().tokenFile()));
        int port = config.api().port();
        ApiServer api = ApiServer.start(port == 0 ? Optional.empty() : Optional.of(port),
                Optional.of(Path.of(config.api().socket())),
                new ApiRoutes(service, token, wiring.apps().map(AppsWiring::api)), Duration.ofSeconds(10), wall);
        components.add(0, api.liveness(Duration.ofMinutes(1)));

        List<HealthCheck> checks = new ArrayList<>();
        checks.add(new SupervisorCheck(components, wall));
        checks.add(new DataPartitionCheck(config.dataPath(), state.root(), env.mountinfo()));
        for (SystemConfig.HealthCommand c : config.health().commands()) {
            checks.add(new CommandCheck(c.name(), c.command(), c.timeout()));
        }
        wiring.apps().ifPresent(a -> checks.add(a.healthCheck()));
        checks.addAll(wiring.applicationChecks());
        Assessment assessment = new Assessment(machine, state, boot, new HealthChecks(checks, bootClock), logs, reboots,
                wiring.rollbackFloor().orElseThrow(), wiring.lastInstall(), wall, bootClock, bootId);
        assessmentHolder.set(assessment);

        Holder<Daemon> self = new Holder<>();
        // The recorded applications start first, on this thread: the assessment's health checks must see them.
        Thread assessmentThread = new Thread(() -> {
            wiring.apps().ifPresent(AppsWiring::start);
            self.get().assess(assessment);
        }, "assessment");
        Instant assessmentLimit = bootClock.instant().plus(config.health().deadline()).plus(ASSESSMENT_GRACE);
        List<Liveness> watched = new ArrayList<>(components);
        watched.add(new AssessmentLiveness(self::get, assessmentLimit, bootClock));
        allComponents.set(List.copyOf(watched));

        WatchdogPet pet = wiring.watchdog().orElse(() -> { });
        Duration petInterval = petInterval(config);
        Daemon daemon = new Daemon(logs, api, agent, new WatchdogLoop(watched, pet, wall), petInterval, service,
                wiring.apps(), assessmentThread);
        self.set(daemon);
        agent.ifPresent(a -> {
            Thread t = new Thread(a, "update-agent");
            t.setDaemon(true);
            daemon.agentThread = Optional.of(t);
            t.start();
        });
        assessmentThread.start();
        return daemon;
    }

    private static void growData(SystemConfig config, Wiring wiring, StateDir state, InstantSource wall) {
        Optional<DataGrowth> growth = config.data().grow()
                ? wiring.dataGrower().map(DataGrower::grow)
                : Optional.of(new DataGrowth(DataGrowth.OFF, wall.instant(), Optional.empty(), Optional.empty(),
                        Optional.empty(), "data.grow is false in the configuration"));
        if (growth.isEmpty()) {
            return;
        }
        DataGrowth g = growth.get();
        LOG.log(g.result().equals(DataGrowth.FAILED) ? Level.WARNING : Level.INFO, () -> "data partition: " + g.summary());
        try {
            new DataGrowthRecord(state.root()).save(g);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot record the data partition's growth", e);
        }
    }

    static RebootPolicy rebootPolicy(SystemConfig.Policy p) {
        switch (p.reboot()) {
            case "window":
                return new RebootPolicy.InWindow(MaintenanceWindow.parse(p.window(), ZoneId.of(p.zone())));
            case "unlocked":
                return new RebootPolicy.WhenUnlocked(new LockFiles(Path.of(p.locksDir()), LockFiles.PROC_LOCKS));
            default:
                return new RebootPolicy.Immediate();
        }
    }

    /**
     * Makes the class-data archive ({@link ClassDataArchive}) some minutes after the commit, niced: its {@code java -Xshare:dump} takes about 35 s of one CPU under emulation, which neither the
     * assessment nor an update that follows at once should wait for.
     */
    private static void makeClassDataLater(ClassDataArchive archive) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(CLASS_DATA_DELAY.toMillis());
                archive.make().ifPresent(LOG::info);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "the class-data archive was not made; the next start lists its classes again", e);
            }
        }, "class-data");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** The classes of the way to the end of the assessment, for class-data archives ({@link ClassDataArchive}). */
    private void keepStartList() {
        try {
            if (classData.isPresent()) {
                classData.get().keepStartList();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "the start's class list was not kept; no class-data archive is made from it", e);
        }
    }

    private void assess(Assessment assessment) {
        try {
            AssessmentState end = assessment.run();
            assessed = Optional.of(end);
            LOG.info(() -> "assessment of this boot ended: " + end.name());
            keepStartList();
            if (end instanceof AssessmentState.Committed) {
                classData.ifPresent(Daemon::makeClassDataLater);
            }
        } catch (IOException | RuntimeException e) {
            assessmentFailure = Optional.of(e.toString());
            LOG.log(Level.SEVERE, "the assessment of this boot failed; the watchdog will not be petted", e);
        }
    }

    public DeviceService service() {
        return service;
    }

    public Optional<Integer> apiPort() {
        return api.tcpPort();
    }

    /** The state the assessment ended in, once it has. */
    public Optional<AssessmentState> assessed() {
        return assessed;
    }

    /** Pets the watchdog every interval while all is alive, until {@link #close}. */
    public void runMainLoop() throws IOException, InterruptedException {
        startupKeepAlive.ifPresent(StartupKeepAlive::stop);
        while (stopped.getCount() > 0) {
            watchdogLoop.iterate();
            stopped.await(petInterval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    public void awaitAssessment(Duration timeout) throws InterruptedException {
        assessmentThread.join(timeout.toMillis());
    }

    /**
     * Stops the daemon when the JVM is asked to exit (SIGTERM from the init system at shutdown, SIGINT): the
     * applications stopped, the API closed, the log closed last. The watchdog is left armed: if this or what the
     * init system does next hangs, nobody pets it and the board resets.
     */
    public void closeWhenTheJvmStops() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("twinroot supervisor stopping: the JVM was asked to exit (SIGTERM from the init system?)");
            try {
                close();
            } catch (IOException | RuntimeException e) {
                // The log is closed by now; stderr is what the init system still collects.
                System.err.println("twinroot supervisor: stopping failed: " + e);
            }
        }, "shutdown"));
    }

    @Override
    public void close() throws IOException {
        startupKeepAlive.ifPresent(StartupKeepAlive::stop);
        stopped.countDown();
        agent.ifPresent(UpdateAgent::stop);
        try {
            try {
                stopApps();
            } finally {
                // After the applications: they get their grace periods first.
                awaitAgent();
                api.close();
            }
        } finally {
            LOG.info("twinroot supervisor stopped");
            logs.shutdown();
        }
    }

    /**
     * Waits a bounded time for the update agent's step in progress (a poll, or an install, which resumes at the
     * next start) to end, so that nothing of the closed daemon still holds the install lock.
     */
    private void awaitAgent() {
        if (agentThread.isEmpty()) {
            return;
        }
        try {
            agentThread.get().join(AGENT_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the containers (each gets its grace period), so their volumes are left consistent. */
    private void stopApps() throws IOException {
        if (apps.isEmpty()) {
            return;
        }
        try {
            apps.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while stopping the applications");
        }
    }

    /** The assessment is alive while it runs within its deadline, or ended; dead if it failed. */
    private record AssessmentLiveness(java.util.function.Supplier<Daemon> daemon, Instant limit, InstantSource bootClock)
            implements Liveness {
        @Override
        public String name() {
            return "assessment";
        }

        @Override
        public Optional<String> problem(Instant now) {
            Daemon d = daemon.get();
            if (d.assessmentFailure.isPresent()) {
                return Optional.of("assessment failed: " + d.assessmentFailure.get());
            }
            if (d.assessed.isEmpty() && bootClock.instant().isAfter(limit)) {
                return Optional.of("assessment still running past its deadline");
            }
            return Optional.empty();
        }
    }

    /** Set once while the daemon is put together: its parts refer to each other. */
    private static final class Holder<T> {
        private volatile T value;

        void set(T v) {
            value = v;
        }

        T get() {
            return value;
        }
    }
}
