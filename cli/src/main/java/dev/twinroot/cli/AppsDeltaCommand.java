package dev.twinroot.cli;

import dev.twinroot.supervisor.apps.Trees;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.imagedelta.ImageDeltaBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinroot apps delta OLD NEW OUT}: an image delta a device holding OLD loads as NEW. */
@Command(
        name = "delta",
        mixinStandardHelpOptions = true,
        description = {"Write OUT, an image delta that rebuilds the image of NEW on a device that holds the image of OLD",
            "(both OCI image layout archives, as twinrootctl apps load takes them). Layers the device has travel",
            "as nothing, changed layers as deltas of their uncompressed tars, or whole when that is smaller.",
            "The device loads it with: twinrootctl apps load OUT"},
        footer = {"", "Example:", "  twinroot apps delta app-1.0.tar app-1.1.tar app-1.0-to-1.1.tid"})
final class AppsDeltaCommand implements Callable<Integer> {

    private static final Pattern ARCH = Pattern.compile("[a-z0-9_]{1,32}");
    /** A layer bigger than this uncompressed is refused: the same cap as the device's image store. */
    private static final long MAX_LAYER_BYTES = 8L << 30;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The image the device has, as an OCI image layout tar.")
    Path oldArchive;

    @Parameters(index = "1", paramLabel = "NEW", description = "The new image, as an OCI image layout tar.")
    Path newArchive;

    @Parameters(index = "2", paramLabel = "OUT", description = "Where to write the image delta.")
    Path out;

    @Option(names = "--architecture", paramLabel = "ARCH", defaultValue = "arm64",
            description = "The devices' architecture in OCI's words (default ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--json", description = "Print what each layer became as JSON instead of a table.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        DeltaCreateCommand.requireFile(oldArchive);
        DeltaCreateCommand.requireFile(newArchive);
        if (!ARCH.matcher(architecture).matches()) {
            throw new IOException("--architecture: expected an OCI architecture such as arm64, found " + architecture);
        }
        Path parent = out.toAbsolutePath().getParent();
        Path work = Files.createTempDirectory(parent, ".apps-delta-");
        ImageDeltaBuilder.Result result;
        try {
            result = new ImageDeltaBuilder(new ImagePlatform("linux", architecture), MAX_LAYER_BYTES)
                    .create(oldArchive, newArchive, out, work);
        } finally {
            Trees.deleteRecursively(work);
        }
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            o.println(json(result));
        } else {
            table(result, o);
        }
        o.flush();
        return 0;
    }

    private void table(ImageDeltaBuilder.Result r, PrintWriter o) {
        o.printf("%s: %,d bytes, rebuilds image %s from %s%n", out, r.archiveSize(), r.manifest(), r.sourceManifest());
        o.printf("%-6s %-7s %-7s %14s %14s %14s%n", "LAYER", "FROM", "SOURCE", "BLOB", "TAR", "CARRIED");
        for (ImageDeltaBuilder.LayerChoice l : r.layers()) {
            o.printf("%-6d %-7s %-7s %,14d %,14d %,14d%n", l.index(), l.from(),
                    l.sourceLayer().isPresent() ? Integer.toString(l.sourceLayer().getAsInt()) : "-", l.blobSize(),
                    l.tarSize(), l.carried());
        }
    }

    static String json(ImageDeltaBuilder.Result r) {
        StringBuilder b = new StringBuilder();
        b.append("{\"size\":").append(r.archiveSize()).append(",\"manifest\":\"").append(r.manifest())
                .append("\",\"sourceManifest\":\"").append(r.sourceManifest()).append("\",\"layers\":[");
        for (ImageDeltaBuilder.LayerChoice l : r.layers()) {
            b.append(l.index() == 0 ? "" : ",").append("{\"index\":").append(l.index()).append(",\"diffId\":\"")
                    .append(l.diffId()).append("\",\"from\":\"").append(l.from()).append('"');
            if (l.sourceLayer().isPresent()) {
                b.append(",\"sourceLayer\":").append(l.sourceLayer().getAsInt());
            }
            b.append(",\"blobSize\":").append(l.blobSize()).append(",\"tarSize\":").append(l.tarSize())
                    .append(",\"carried\":").append(l.carried()).append('}');
        }
        return b.append("]}").toString();
    }
}
