package dev.twinroot.supervisor.agent;

import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.assessment.Reboots;
import dev.twinroot.supervisor.watchdog.Heartbeat;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Polls the channel, installs what it chooses, and reboots when the policy allows. {@link #step} does whatever
 * is due at the clock's current instant and says when it next has work, so tests drive it with a fake clock;
 * {@link #run} is the thread that calls it.
 */
public final class UpdateAgent implements Runnable {

    private static final Logger LOG = Logger.getLogger(UpdateAgent.class.getName());
    static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    /** The loop wakes at least this often to beat its heartbeat. */
    static final Duration MAX_SLEEP = Duration.ofSeconds(10);

    private final URI channel;
    private final URI signature;
    private final String deviceType;
    private final String runningVersion;
    private final ChannelClient client;
    private final IndexSignatureCheck signatureCheck;
    private final Installer installer;
    private final RebootPolicy policy;
    private final Reboots reboots;
    private final PollSchedule schedule;
    private final InstantSource clock;
    private final Heartbeat heartbeat;
    private final Object wake = new Object();

    private Instant nextCheck;
    private boolean checkRequested;
    private volatile boolean stopped;
    private volatile Optional<Instant> lastCheck = Optional.empty();
    private volatile Optional<String> lastResult = Optional.empty();
    private volatile Optional<String> installed = Optional.empty();
    private volatile Optional<String> waiting = Optional.empty();

    public UpdateAgent(URI channel, String deviceType, String runningVersion, ChannelClient client,
                       IndexSignatureCheck signatureCheck, Installer installer, RebootPolicy policy, Reboots reboots,
                       PollSchedule schedule, InstantSource clock, Heartbeat heartbeat) {
        this.channel = channel;
        this.signature = URI.create(channel + ".sig");
        this.deviceType = deviceType;
        this.runningVersion = runningVersion;
        this.client = client;
        this.signatureCheck = signatureCheck;
        this.installer = installer;
        this.policy = policy;
        this.reboots = reboots;
        this.schedule = schedule;
        this.clock = clock;
        this.heartbeat = heartbeat;
        this.nextCheck = schedule.first(clock.instant());
    }

    /** Check the channel at the next step instead of waiting for the schedule. */
    public void requestCheck() {
        synchronized (wake) {
            checkRequested = true;
            wake.notifyAll();
        }
    }

    public void stop() {
        stopped = true;
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    public Wire.AgentView view() {
        synchronized (wake) {
            return new Wire.AgentView(channel.toString(), lastCheck, lastResult,
                    installed.isPresent() ? Optional.empty() : Optional.of(nextCheck),
                    installed.map(v -> v + " installed; " + waiting.orElse("rebooting")));
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            heartbeat.beat();
            Instant next;
            try {
                next = step();
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "update agent: internal error", e);
                next = clock.instant().plus(MAX_SLEEP);
            }
            synchronized (wake) {
                long ms = Math.min(Duration.between(clock.instant(), next).toMillis(), MAX_SLEEP.toMillis());
                if (ms > 0 && !checkRequested && !stopped) {
                    try {
                        wake.wait(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Does what is due now; returns when there is next something to do. */
    public Instant step() {
        Instant now = clock.instant();
        if (installed.isPresent()) {
            return rebootWhenAllowed(now);
        }
        boolean requested;
        synchronized (wake) {
            requested = checkRequested;
            if (!requested && now.isBefore(nextCheck)) {
                return nextCheck;
            }
            checkRequested = false;
        }
        Instant next;
        try {
            String result = checkAndInstall();
            lastResult = Optional.of(result);
            next = schedule.afterSuccess(clock.instant());
            LOG.info(() -> "update check: " + result);
        } catch (IOException e) {
            lastResult = Optional.of("failed: " + e.getMessage());
            next = schedule.afterFailure(clock.instant());
            Instant retry = next;
            LOG.warning(() -> "update check failed (" + schedule.failures() + " in a row, next at " + retry + "): "
                    + e.getMessage());
        }
        synchronized (wake) {
            lastCheck = Optional.of(now);
            nextCheck = next;
        }
        return installed.isPresent() ? clock.instant() : next;
    }

    private String checkAndInstall() throws IOException {
        byte[] index = client.fetch(channel, ChannelIndexParser.MAX_BYTES);
        byte[] sig = client.fetch(signature, MAX_SIGNATURE_BYTES);
        signatureCheck.verify(index, sig);
        UpdateChoice choice = UpdateChoice.choose(ChannelIndexParser.parse(index, channel), deviceType, runningVersion);
        if (choice instanceof UpdateChoice.NoUpdate n) {
            return n.why();
        }
        UpdateChoice.Install install = (UpdateChoice.Install) choice;
        String version = install.release().version();
        try {
            installer.install(install.artifact(), version, install.deltaFrom(), heartbeat::beat);
        } catch (IOException e) {
            Optional<UpdateChoice.Install> full = install.fallbackToFull();
            if (full.isEmpty()) {
                throw e;
            }
            LOG.warning(() -> "delta " + install.deltaFrom().get() + " -> " + version + " failed (" + e.getMessage()
                    + "); installing the full bundle");
            installer.install(full.get().artifact(), version, Optional.empty(), heartbeat::beat);
            installed = Optional.of(version);
            return "installed " + version + " (full bundle, the delta from " + install.deltaFrom().get() + " failed)";
        }
        installed = Optional.of(version);
        return "installed " + version + (install.isDelta() ? " (delta)" : "");
    }

    private Instant rebootWhenAllowed(Instant now) {
        RebootPolicy.Decision d;
        try {
            d = policy.decide(now);
        } catch (IOException e) {
            waiting = Optional.of("cannot read the update locks: " + e.getMessage());
            return now.plus(RebootPolicy.LOCK_RECHECK);
        }
        if (d instanceof RebootPolicy.WaitUntil w) {
            if (!waiting.equals(Optional.of(w.why()))) {
                LOG.info(() -> "update " + installed.get() + " installed; reboot waits: " + w.why());
            }
            waiting = Optional.of(w.why());
            return w.when();
        }
        waiting = Optional.empty();
        try {
            reboots.reboot("update " + installed.get() + " installed");
        } catch (IOException e) {
            LOG.severe(() -> "cannot reboot into update " + installed.get() + ": " + e.getMessage());
        }
        // A reboot in progress never returns; one that failed is retried.
        return now.plus(Duration.ofMinutes(1));
    }
}
