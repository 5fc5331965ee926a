package dev.twinroot.qemu.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * The registered scenarios as JUnit tests: the table {@code twinroot qemu test} runs but those left out of CI for
 * time ({@link Scenarios#OUTSIDE_CI}; {@code -Dtwinroot.scenarios=all} runs them too), with as many scenarios at a
 * time as it would run ({@link ScenarioRunner#defaultJobs()}). The scenarios run first, then each result is
 * reported as one test.
 */
@Tag("qemu")
class ScenariosTest {

    private static final Path LOGS = Path.of("target", "qemu-logs");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        ScenarioRunner runner = new ScenarioRunner(LOGS, ScenarioRunner.defaultJobs(), System.nanoTime(),
                new PrintWriter(System.out, true));
        List<Scenario> suite = Scenarios.suite("all".equals(System.getProperty("twinroot.scenarios")));
        List<ScenarioResult> results = runner.run(suite);
        return results.stream().map(r -> DynamicTest.dynamicTest("[" + r.id() + "]", () -> {
            r.notes().forEach(n -> System.out.println("[" + r.id() + "] " + n));
            assertTrue(r.passed(), () -> "[" + r.id() + "] failed (seed " + r.seed() + ", logs in "
                    + r.directory().toAbsolutePath() + "): " + r.failure().orElseThrow());
        }));
    }
}
