package dev.twinroot.cli;

import dev.twinroot.qemu.product.PowerCutScenario;
import dev.twinroot.qemu.scenario.Scenario;
import dev.twinroot.qemu.scenario.ScenarioReport;
import dev.twinroot.qemu.scenario.ScenarioResult;
import dev.twinroot.qemu.scenario.ScenarioRunner;
import dev.twinroot.qemu.scenario.Scenarios;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot qemu test [SCENARIO...]}: runs end-to-end scenarios and prints a summary. */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = {"Run end-to-end scenarios in QEMU (all of them when none is named) and print a",
                "summary table that ends with 'N passed, M failed'. Exit 0 only if all passed.",
                "Logs go to LOGS/<scenario>/; a failed scenario also keeps its disk images."},
        footer = {"", "Examples:", "  twinroot qemu test", "  twinroot qemu test uboot-console --jobs 2",
                "  twinroot qemu test '[uboot-console]'   (quote brackets: the shell globs them)",
                "  twinroot qemu test power-cut --cuts 20 --seed 42",
                "  twinroot qemu test --list"})
final class QemuTestCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SCENARIO", arity = "0..*", description = "scenario ids, e.g. uboot-console (or '[uboot-console]', quoted)")
    List<String> ids = new ArrayList<>();

    @Option(names = "--jobs", paramLabel = "N", description = "scenarios run at a time (default: 2 when the machine has 2 cores or more, else 1)")
    Integer jobs;

    @Option(names = "--seed", paramLabel = "N", description = "seed for random power cuts (printed with every failure, to replay it)")
    Long seed;

    @Option(names = "--logs", paramLabel = "DIR", defaultValue = "target/qemu-logs", description = "where logs go (default ${DEFAULT-VALUE})")
    Path logs;

    @Option(names = "--cuts", paramLabel = "N", defaultValue = "0",
            description = "[power-cut]: this many more power cuts at random moments, after the fixed ones (default 0)")
    int cuts;

    @Option(names = "--list", description = "list the scenarios instead of running them")
    boolean list;

    @Option(names = "--json", description = "with --list: print the list as JSON")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (cuts < 0 || cuts > 1000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--cuts must be 0..1000, found " + cuts);
        }
        List<Scenario> chosen = Scenarios.select(ids).stream()
                .map(s -> s instanceof PowerCutScenario ? new PowerCutScenario(cuts) : s).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            printList(chosen, out);
            return 0;
        }
        if (json) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--json goes with --list");
        }
        int n = jobs != null ? jobs : ScenarioRunner.defaultJobs();
        if (n < 1 || n > 16) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--jobs must be 1..16, found " + n);
        }
        long s = seed != null ? seed : System.nanoTime();
        List<ScenarioResult> results = new ScenarioRunner(logs, n, s, out).run(chosen);
        out.println();
        ScenarioReport.print(results, out);
        return results.stream().allMatch(ScenarioResult::passed) ? 0 : UserErrors.FAILURE;
    }

    private void printList(List<Scenario> chosen, PrintWriter out) throws Exception {
        if (json) {
            List<Map<String, String>> rows = new ArrayList<>();
            for (Scenario sc : chosen) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("id", sc.id());
                row.put("summary", sc.summary());
                rows.add(row);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(rows));
        } else {
            int width = chosen.stream().mapToInt(sc -> sc.id().length() + 2).max().orElse(0);
            for (Scenario sc : chosen) {
                out.printf("%-" + width + "s  %s%n", "[" + sc.id() + "]", sc.summary());
            }
        }
    }
}
