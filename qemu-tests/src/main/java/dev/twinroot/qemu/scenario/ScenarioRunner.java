package dev.twinroot.qemu.scenario;

import dev.twinroot.qemu.Device;
import dev.twinroot.qemu.product.Releases;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Runs scenarios, {@code jobs} at a time, each in a fresh {@code <logRoot>/<id>/}. A passed scenario's disk
 * images ({@code *.img}, {@code *.fd}: they can be gigabytes) are deleted and its console logs kept; a failed
 * scenario keeps everything, so its disk can be inspected and booted again with {@code twinroot qemu run}.
 */
public final class ScenarioRunner {

    private final Path logRoot;
    private final int jobs;
    private final long seed;
    private final PrintWriter progress;
    private final Releases releases;

    /**
     * Two scenarios at a time when the machine has two cores or more: each QEMU (TCG, one vCPU) keeps one core
     * busy and the harness itself mostly waits.
     */
    public static int defaultJobs() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** A runner whose releases are built next to the logs with this checkout's supervisor jar. */
    public ScenarioRunner(Path logRoot, int jobs, long seed, PrintWriter progress) {
        this(logRoot, jobs, seed, progress, Releases.forCheckout(logRoot, progress));
    }

    /**
     * @param seed base seed; each scenario's random source is seeded from it and the scenario's id
     * @param progress receives one line when a scenario starts and one when it ends, and the scenarios' steps
     * @param releases the releases product scenarios install
     */
    public ScenarioRunner(Path logRoot, int jobs, long seed, PrintWriter progress, Releases releases) {
        if (jobs < 1 || jobs > 16) {
            throw new IllegalArgumentException("jobs must be 1..16, found " + jobs);
        }
        this.logRoot = logRoot;
        this.jobs = jobs;
        this.seed = seed;
        this.progress = progress;
        this.releases = releases;
    }

    /** Runs every scenario and returns the results in the order given. */
    public List<ScenarioResult> run(List<Scenario> scenarios) throws IOException {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "scenario");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ScenarioResult>> futures = new ArrayList<>();
            for (Scenario s : scenarios) {
                futures.add(pool.submit(() -> runOne(s)));
            }
            List<ScenarioResult> results = new ArrayList<>();
            for (Future<ScenarioResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running scenarios", e);
        } catch (ExecutionException e) {
            throw new IOException("the scenario runner failed: " + e.getCause(), e.getCause());
        } finally {
            // Interrupts waiting scenarios; their devices are closed (QEMU killed) in runOne's finally.
            pool.shutdownNow();
        }
    }

    /** Runs one scenario; every failure, whatever its type, becomes a failed result. */
    ScenarioResult runOne(Scenario scenario) throws IOException {
        Path dir = logRoot.resolve(scenario.id());
        deleteRecursively(dir);
        Files.createDirectories(dir);
        long scenarioSeed = seed ^ scenario.id().hashCode();
        ScenarioContext context = new ScenarioContext(dir, scenarioSeed, releases, step -> {
            synchronized (progress) {
                progress.println("[" + scenario.id() + "]   " + step);
                progress.flush();
            }
        });
        progress.println("[" + scenario.id() + "] started (seed " + scenarioSeed + ", logs in " + dir + ")");
        progress.flush();
        long start = System.nanoTime();
        Optional<String> failure = Optional.empty();
        try {
            scenario.run(context);
        } catch (Exception | AssertionError e) {
            failure = Optional.of(describe(e));
        } finally {
            for (Device d : context.devices()) {
                try {
                    d.close();
                } catch (IOException e) {
                    failure = Optional.of(failure.map(f -> f + "; ").orElse("") + "closing " + d.directory() + ": " + e.getMessage());
                }
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        if (failure.isEmpty()) {
            deleteDiskImages(dir);
        }
        ScenarioResult result = new ScenarioResult(scenario.id(), failure, context.boots(), took, scenarioSeed,
                context.notes(), dir);
        progress.println("[" + scenario.id() + "] " + (result.passed() ? "passed" : "FAILED") + " in "
                + ScenarioReport.seconds(took));
        progress.flush();
        return result;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static void deleteDiskImages(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (name.endsWith(".img") || name.endsWith(".fd")) {
                    Files.delete(p);
                }
            }
        }
    }

    private void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        if (!dir.toAbsolutePath().normalize().startsWith(logRoot.toAbsolutePath().normalize())) {
            throw new IllegalStateException(dir + " is outside " + logRoot);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
