package dev.twinroot.qemu.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.qemu.QemuException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner and the report with scenarios that need no QEMU. */
class ScenarioRunnerTest {

    @TempDir
    Path logs;

    private record Story(String id, Body body) implements Scenario {
        @Override
        public String summary() {
            return "test story " + id;
        }

        @Override
        public void run(ScenarioContext context) throws Exception {
            body.run(context);
        }
    }

    private interface Body {
        void run(ScenarioContext context) throws Exception;
    }

    @Test
    void passesFailuresAndBugsAreAllResults() throws Exception {
        StringWriter progress = new StringWriter();
        ScenarioRunner runner = new ScenarioRunner(logs, 1, 99, new PrintWriter(progress));
        List<ScenarioResult> results = runner.run(List.of(
                new Story("good", ctx -> {
                    Files.writeString(ctx.directory().resolve("disk.img"), "big");
                    Files.writeString(ctx.directory().resolve("notes.log"), "kept");
                    ctx.note("measured 12 ms");
                }),
                new Story("bad", ctx -> {
                    Files.writeString(ctx.directory().resolve("disk.img"), "kept for inspection");
                    Expect.equal("boots", 2, 3);
                }),
                new Story("bug", ctx -> {
                    throw new IllegalStateException("boom");
                })));
        assertEquals(List.of("good", "bad", "bug"), results.stream().map(ScenarioResult::id).toList());
        assertTrue(results.get(0).passed());
        assertEquals(List.of("measured 12 ms"), results.get(0).notes());
        assertEquals(Optional.of("AssertionError: boots: expected 2, found 3"), results.get(1).failure());
        assertEquals(Optional.of("IllegalStateException: boom"), results.get(2).failure());
        assertFalse(Files.exists(logs.resolve("good/disk.img")), "a passed scenario's disk images are deleted");
        assertTrue(Files.exists(logs.resolve("good/notes.log")), "its logs are kept");
        assertTrue(Files.exists(logs.resolve("bad/disk.img")), "a failed scenario keeps its disk");
        assertTrue(progress.toString().contains("[bad] FAILED in "), progress.toString());

        StringWriter report = new StringWriter();
        ScenarioReport.print(results, new PrintWriter(report));
        String[] lines = report.toString().split("\n");
        assertEquals("scenario  result  boots   duration", lines[0]);
        assertTrue(lines[1].matches("\\[good\\]    passed      0  +\\d+\\.\\d s"), lines[1]);
        assertTrue(lines[2].startsWith("[bad]     FAILED      0"), lines[2]);
        assertEquals("1 passed, 2 failed", lines[lines.length - 1]);
    }

    @Test
    void theSeedIsPerScenarioAndReproducible() throws Exception {
        List<Long> draws = Collections.synchronizedList(new ArrayList<>());
        Story s = new Story("random", ctx -> draws.add(ctx.random().nextLong()));
        ScenarioRunner runner = new ScenarioRunner(logs, 1, 1234, new PrintWriter(new StringWriter()));
        long seed = runner.runOne(s).seed();
        runner.runOne(s);
        assertEquals(draws.get(0), draws.get(1));
        assertEquals(1234 ^ "random".hashCode(), seed);
    }

    @Test
    void twoJobsRunTwoScenariosAtOnce() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        Body meet = ctx -> {
            both.countDown();
            if (!both.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the other scenario never ran alongside");
            }
        };
        ScenarioRunner runner = new ScenarioRunner(logs, 2, 1, new PrintWriter(new StringWriter()));
        long start = System.nanoTime();
        List<ScenarioResult> results = runner.run(List.of(new Story("a", meet), new Story("b", meet)));
        assertTrue(results.stream().allMatch(ScenarioResult::passed), results.toString());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }

    @Test
    void scenariosAreChosenByIdWithOrWithoutBrackets() throws Exception {
        assertEquals(Scenarios.all().stream().map(Scenario::id).toList(),
                Scenarios.select(List.of()).stream().map(Scenario::id).toList());
        assertEquals(List.of("uefi-shell", "uboot-console"), Scenarios.select(List.of("[uefi-shell]", "uboot-console",
                "uefi-shell")).stream().map(Scenario::id).toList());
        QemuException e = assertThrows(QemuException.class, () -> Scenarios.select(List.of("[no-such-scenario]")));
        assertEquals("no scenario [no-such-scenario]; known: " + String.join(", ",
                Scenarios.all().stream().map(Scenario::id).toList()), e.getMessage());
    }

    @Test
    void scenarioIdsAreUniqueAndPlain() {
        List<String> ids = Scenarios.all().stream().map(Scenario::id).toList();
        assertEquals(ids.size(), ids.stream().distinct().count(), ids.toString());
        assertTrue(ids.stream().allMatch(id -> id.matches("[a-z0-9][a-z0-9-]*")), ids.toString());
    }

    @Test
    void theSuiteLeavesOutOnlyTheNamedScenariosUnlessAskedForAll() {
        List<String> all = Scenarios.all().stream().map(Scenario::id).toList();
        assertTrue(all.containsAll(Scenarios.OUTSIDE_CI), "every scenario left out of CI exists: " + Scenarios.OUTSIDE_CI);
        assertEquals(all.stream().filter(id -> !Scenarios.OUTSIDE_CI.contains(id)).toList(),
                Scenarios.suite(false).stream().map(Scenario::id).toList());
        assertEquals(all, Scenarios.suite(true).stream().map(Scenario::id).toList());
        assertTrue(Scenarios.suite(false).stream().map(Scenario::id).toList().containsAll(List.of("first-boot",
                "full-update", "delta-update", "rollback-unhealthy", "rollback-panic", "rollback-watchdog",
                "reject-tampered", "power-cut", "resume-download", "grub")), "the issue's ten scenarios stay in CI");
    }
}
