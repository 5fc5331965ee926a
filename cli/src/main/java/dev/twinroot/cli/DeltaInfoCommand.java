package dev.twinroot.cli;

import dev.twinroot.delta.DeltaInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinroot delta info DELTA [--json]}. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = "Show what a delta holds: source and target, operations and bytes by kind. Checks its structure.",
        footer = {"", "Example:", "  twinroot delta info 1.0-to-1.1.delta --json"})
final class DeltaInfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DELTA", description = "The delta file.")
    Path delta;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        DeltaCreateCommand.requireFile(delta);
        DeltaInfo info;
        try (InputStream in = Files.newInputStream(delta)) {
            info = DeltaInfo.read(in);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(json(info));
        } else {
            table(info, out);
        }
        out.flush();
        return 0;
    }

    private void table(DeltaInfo info, PrintWriter out) {
        var h = info.header();
        out.printf("delta    %s: %,d bytes, format version %d, block size %d%n", delta, info.deltaSize(), h.version(),
                h.blockSize());
        out.printf("source   %,d bytes  SHA-256 %s%n", h.sourceSize(), h.sourceSha256Hex());
        out.printf("target   %,d bytes  SHA-256 %s%n", h.targetSize(), h.targetSha256Hex());
        out.printf("%-8s %12s %18s %14s%n", "kind", "operations", "target bytes", "delta bytes");
        for (DeltaInfo.Kind k : DeltaInfo.Kind.values()) {
            out.printf("%-8s %,12d %,18d %,14d%n", k, info.opCounts().get(k), info.targetBytes().get(k),
                    info.deltaBytes().get(k));
        }
        out.printf("%-8s %,12d %,18d %,14d%n", "total", info.opCount(), h.targetSize(), info.deltaSize());
    }

    static String json(DeltaInfo info) {
        var h = info.header();
        StringBuilder b = new StringBuilder();
        b.append("{\"version\":").append(h.version())
                .append(",\"blockSize\":").append(h.blockSize())
                .append(",\"opHashLength\":").append(h.opHashLength())
                .append(",\"deltaSize\":").append(info.deltaSize())
                .append(",\"source\":{\"size\":").append(h.sourceSize()).append(",\"sha256\":\"")
                .append(h.sourceSha256Hex()).append("\"}")
                .append(",\"target\":{\"size\":").append(h.targetSize()).append(",\"sha256\":\"")
                .append(h.targetSha256Hex()).append("\"}")
                .append(",\"operations\":{\"count\":").append(info.opCount());
        for (DeltaInfo.Kind k : DeltaInfo.Kind.values()) {
            b.append(",\"").append(k.name().toLowerCase(java.util.Locale.ROOT)).append("\":{\"count\":")
                    .append(info.opCounts().get(k)).append(",\"targetBytes\":").append(info.targetBytes().get(k))
                    .append(",\"deltaBytes\":").append(info.deltaBytes().get(k)).append('}');
        }
        return b.append("}}").toString();
    }
}
