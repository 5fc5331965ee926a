package dev.twinroot.cli;

import dev.twinroot.delta.ApplyResult;
import dev.twinroot.delta.Checkpoint;
import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.delta.ProgressListener;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinroot delta apply OLD DELTA OUT [--resume CHECKPOINT]}. */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description = {"Rebuild OUT from OLD and DELTA, verifying every operation and the final SHA-256.",
                "Writes OUT.partial and renames it to OUT only when the result is verified."},
        footer = {"", "Examples:", "  twinroot delta apply rootfs-1.0.img 1.0-to-1.1.delta rootfs-1.1.img",
                "  curl -s http://host/1.0-to-1.1.delta | twinroot delta apply rootfs-1.0.img - rootfs-1.1.img \\",
                "      --resume rootfs-1.1.checkpoint"})
final class DeltaApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The source image the delta was made from.")
    Path source;

    @Parameters(index = "1", paramLabel = "DELTA", description = "The delta file, or - to read it from stdin.")
    String delta;

    @Parameters(index = "2", paramLabel = "OUT", description = "The image to write.")
    Path out;

    @Option(names = "--resume", paramLabel = "CHECKPOINT",
            description = "Record progress in CHECKPOINT; if it holds progress for this delta, continue from there.")
    Optional<Path> resume;

    @Override
    public Integer call() throws IOException {
        DeltaCreateCommand.requireFile(source);
        ProgressListener progress = TerminalProgress.forConsole(spec.commandLine().getErr());
        DeltaApplier applier = new DeltaApplier(DeltaApplier.Options.defaults().withProgress(progress));
        ApplyResult result;
        try (InputStream in = "-".equals(delta) ? System.in : Files.newInputStream(requireDelta())) {
            result = applier.apply(source, in, out, resume.map(Checkpoint::at));
        } finally {
            TerminalProgress.finish(progress);
        }
        spec.commandLine().getOut().printf("%s: %,d bytes, SHA-256 %s verified%s%n", out,
                result.header().targetSize(), result.header().targetSha256Hex(),
                result.resumedAtTargetOffset() > 0
                        ? String.format(" (resumed at byte %,d)", result.resumedAtTargetOffset()) : "");
        return 0;
    }

    private Path requireDelta() throws IOException {
        Path p = Path.of(delta);
        DeltaCreateCommand.requireFile(p);
        return p;
    }
}
