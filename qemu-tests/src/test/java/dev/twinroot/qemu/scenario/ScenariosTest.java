package dev.twinroot.qemu.scenario;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/** Every registered scenario as a JUnit test: the same table {@code twinroot qemu test} runs. */
@Tag("qemu")
class ScenariosTest {

    private static final Path LOGS = Path.of("target", "qemu-logs");

    @TestFactory
    Stream<DynamicTest> scenarios() {
        ScenarioRunner runner = new ScenarioRunner(LOGS, 1, System.nanoTime(), new PrintWriter(System.out, true));
        return Scenarios.all().stream().map(s -> DynamicTest.dynamicTest("[" + s.id() + "] " + s.summary(), () -> {
            ScenarioResult r = runner.runOne(s);
            r.notes().forEach(n -> System.out.println("[" + s.id() + "] " + n));
            assertTrue(r.passed(), () -> "[" + s.id() + "] failed (seed " + r.seed() + ", logs in "
                    + r.directory().toAbsolutePath() + "): " + r.failure().orElseThrow());
        }));
    }
}
