package dev.twinroot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.twinroot.image.HostReport;
import dev.twinroot.image.HostTool;
import dev.twinroot.image.HostTools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code twinroot doctor}: which host tools are there, where, and what to install. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
        description = {"Check the host programs and files Twinroot uses: present or missing, and where.",
                "Shows what each is for and the apt-get line for what is missing.",
                "Exits 1 if something `twinroot image build` needs is missing."},
        footer = {"", "Examples:", "  twinroot doctor", "  twinroot doctor --json"})
final class DoctorCommand implements Callable<Integer> {

    @Option(names = "--json", description = "print the report as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        HostReport report = HostReport.check(HostTools.all());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(toJson(report)));
        } else {
            printTable(report, out);
        }
        out.flush();
        return report.imageBuildReady() ? 0 : UserErrors.FAILURE;
    }

    private static void printTable(HostReport report, PrintWriter out) {
        String format = "%-8s %-20s %-17s %-12s %-40s %s%n";
        out.printf(Locale.ROOT, format, "STATUS", "TOOL", "PACKAGE", "NEEDED FOR", "PATH", "PURPOSE");
        for (HostReport.Entry e : report.entries()) {
            HostTool t = e.tool();
            out.printf(Locale.ROOT, format, e.present() ? "ok" : "MISSING", shortName(t), t.debianPackage(), need(t),
                    e.location().map(Object::toString).orElse("-"), t.purpose());
        }
        out.println();
        if (report.missing().isEmpty()) {
            out.println("All " + report.entries().size() + " host tools are installed.");
            return;
        }
        List<String> blocking = report.missing().stream().filter(e -> e.tool().need() == HostTool.Need.IMAGE_BUILD)
                .map(e -> shortName(e.tool())).toList();
        out.println(report.missing().size() + " missing" + (blocking.isEmpty() ? " (none needed by image build)"
                : "; twinroot image build cannot run without: " + String.join(", ", blocking)));
        out.println("Install with: sudo " + report.installCommand().orElseThrow() + "   (or run scripts/setup-host)");
    }

    private static String shortName(HostTool t) {
        return t.kind() == HostTool.Kind.FILE ? t.name().substring(t.name().lastIndexOf('/') + 1) : t.name();
    }

    private static String need(HostTool t) {
        return t.need() == HostTool.Need.IMAGE_BUILD ? "image build" : "optional";
    }

    private static Map<String, Object> toJson(HostReport report) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("imageBuildReady", report.imageBuildReady());
        root.put("install", report.installCommand().orElse(null));
        root.put("tools", report.entries().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.tool().name());
            m.put("kind", e.tool().kind().name().toLowerCase(Locale.ROOT));
            m.put("package", e.tool().debianPackage());
            m.put("need", e.tool().need() == HostTool.Need.IMAGE_BUILD ? "image-build" : "optional");
            m.put("purpose", e.tool().purpose());
            m.put("present", e.present());
            m.put("path", e.location().map(Object::toString).orElse(null));
            return m;
        }).toList());
        return root;
    }
}
