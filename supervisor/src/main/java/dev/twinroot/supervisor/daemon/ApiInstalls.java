package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.ErrorLine;
import dev.twinroot.supervisor.api.ApiException;
import dev.twinroot.supervisor.api.ErrorKind;
import dev.twinroot.supervisor.api.Wire;
import dev.twinroot.supervisor.watchdog.Liveness;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Installs asked for through the API ({@code POST /v1/install}; {@code twinrootctl install} while the daemon
 * runs), as RAUC's service runs {@code rauc install}: in the daemon's JVM, whose HTTP client, keyring and
 * platform bindings are loaded already, on a thread of their own, one at a time. The updater's install lock
 * keeps them to one with the update agent's too. Each install's progress is kept as numbered events (at most one
 * per percent of each phase) that clients follow with {@code GET /v1/install}; only the last install is kept.
 *
 * <p>Liveness: a running install that has reported nothing for {@link #MAX_SILENCE} counts as hung, as the
 * update agent's loop does, so the watchdog resets a device whose install stopped moving.
 */
final class ApiInstalls implements Liveness {

    private static final Logger LOG = Logger.getLogger(ApiInstalls.class.getName());
    static final Duration MAX_SILENCE = Duration.ofMinutes(5);
    /** Events kept per install: far more than one install's states, notes and per-percent progress. */
    static final int MAX_EVENTS = 4096;

    private final SourceInstaller run;
    private final InstantSource clock;
    private Optional<Job> last = Optional.empty();
    private long lastId;

    ApiInstalls(SourceInstaller run, InstantSource clock) {
        this.run = run;
        this.clock = clock;
    }

    /** Starts an install of {@code source} on its own thread; refused while the last one still runs. */
    synchronized Wire.InstallStarted start(String source) throws ApiException {
        if (last.isPresent() && last.get().running()) {
            throw new ApiException(ErrorKind.CONFLICT, "another install is running (install " + last.get().id
                    + " of " + last.get().source + ")");
        }
        Job job = new Job(++lastId, source, clock.instant());
        last = Optional.of(job);
        Thread t = new Thread(() -> job.run(run), "api-install-" + job.id);
        t.setDaemon(true);
        t.start();
        LOG.info(() -> "install " + job.id + " of " + source + " asked through the API");
        return new Wire.InstallStarted(job.id, "installing " + source + " (install " + job.id + ")");
    }

    /** Install {@code id}'s events after {@code after}, waiting up to {@code wait} for one while it runs. */
    Wire.InstallRun progress(long id, long after, Duration wait) throws ApiException {
        Job job;
        synchronized (this) {
            job = last.filter(j -> j.id == id).orElseThrow(() -> new ApiException(ErrorKind.NOT_FOUND,
                    "no install " + id + (last.isPresent() ? " (the last one is " + last.get().id + ")" : "")));
        }
        return job.view(after, wait);
    }

    @Override
    public String name() {
        return "api-install";
    }

    @Override
    public Optional<String> problem(Instant now) {
        Optional<Job> job;
        synchronized (this) {
            job = last;
        }
        return job.flatMap(j -> j.silence(now));
    }

    /** One install: its events and how it ended, guarded by its own monitor (which waiting readers wait on). */
    private final class Job implements InstallProgress {
        private final long id;
        private final String source;
        private final List<Map<String, Object>> events = new ArrayList<>();
        private long nextSeq = 1;
        private String result = Wire.InstallRun.RUNNING;
        private Optional<String> version = Optional.empty();
        private Optional<String> slot = Optional.empty();
        private Optional<String> error = Optional.empty();
        private Instant lastProgress;
        private String phase = "";
        private long percent = -1;

        Job(long id, String source, Instant started) {
            this.id = id;
            this.source = source;
            this.lastProgress = started;
        }

        void run(SourceInstaller install) {
            try {
                InstallState done = install.install(source, this);
                end(Wire.InstallRun.INSTALLED, Optional.empty(), Optional.of(done));
                LOG.info(() -> "install " + id + ": " + done.target().version() + " installed into slot "
                        + done.target().slot().name() + "; it boots next");
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                String why = ErrorLine.of(cause);
                end(Wire.InstallRun.FAILED, Optional.of(why), Optional.empty());
                LOG.warning(() -> "install " + id + " of " + source + " failed: " + why);
            } catch (RuntimeException | Error e) {
                end(Wire.InstallRun.FAILED, Optional.of("internal error (a bug in the supervisor): " + ErrorLine.of(e)
                        + "; see its log"), Optional.empty());
                LOG.log(Level.SEVERE, "install " + id + " of " + source + ": internal error", e);
                if (e instanceof Error err) {
                    throw err;
                }
            }
        }

        synchronized boolean running() {
            return result.equals(Wire.InstallRun.RUNNING);
        }

        synchronized Optional<String> silence(Instant now) {
            if (!running() || Duration.between(lastProgress, now).compareTo(MAX_SILENCE) <= 0) {
                return Optional.empty();
            }
            return Optional.of("install " + id + " has reported no progress for "
                    + Duration.between(lastProgress, now).toSeconds() + " s (at most " + MAX_SILENCE.toSeconds()
                    + " s allowed)");
        }

        private synchronized void end(String how, Optional<String> why, Optional<InstallState> done) {
            result = how;
            error = why;
            done.ifPresent(d -> {
                version = Optional.of(d.target().version().toString());
                slot = Optional.of(d.target().slot().name());
            });
            notifyAll();
        }

        synchronized Wire.InstallRun view(long after, Duration wait) {
            long deadline = System.nanoTime() + wait.toNanos();
            while (running() && nextSeq - 1 <= after) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            List<Map<String, Object>> newer = new ArrayList<>();
            for (Map<String, Object> e : events) {
                if ((Long) e.get("seq") > after) {
                    newer.add(e);
                }
            }
            return new Wire.InstallRun(id, source, result, version, slot, error, newer, nextSeq - 1);
        }

        @Override
        public void state(InstallState s) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("state", s.wireName());
            e.put("slot", s.target().slot().name());
            e.put("version", s.target().version().toString());
            add(e, true);
            LOG.info(() -> "install " + id + " of " + s.target().version() + " into slot " + s.target().slot().name()
                    + ": " + s.wireName());
        }

        @Override
        public void bytes(String phase, long done, long total) {
            long p = total <= 0 ? 100 : done * 100 / total;
            synchronized (this) {
                lastProgress = clock.instant();
                if (phase.equals(this.phase) && p == percent && done != total) {
                    return;
                }
                this.phase = phase;
                this.percent = p;
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("phase", phase);
            e.put("done", done);
            e.put("total", total);
            add(e, false);
        }

        @Override
        public void note(String line) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("note", line);
            add(e, true);
            LOG.info(() -> "install " + id + ": " + line);
        }

        /** Numbers and keeps {@code event}; past {@link #MAX_EVENTS} only states and notes ({@code always}) are kept. */
        private synchronized void add(Map<String, Object> event, boolean always) {
            lastProgress = clock.instant();
            if (events.size() >= MAX_EVENTS && !always) {
                return;
            }
            Map<String, Object> numbered = new LinkedHashMap<>();
            numbered.put("seq", nextSeq++);
            numbered.putAll(event);
            events.add(numbered);
            notifyAll();
        }
    }
}
