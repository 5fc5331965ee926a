package dev.twinroot.cli;

import dev.twinroot.delta.ApplyResult;
import dev.twinroot.delta.DeltaVerifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinroot delta verify OLD DELTA}: a dry run that writes nothing. */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check that DELTA applies to OLD and rebuilds exactly the image its header names; write nothing.",
        footer = {"", "Example:", "  twinroot delta verify rootfs-1.0.img 1.0-to-1.1.delta"})
final class DeltaVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The source image.")
    Path source;

    @Parameters(index = "1", paramLabel = "DELTA", description = "The delta file.")
    Path delta;

    @Override
    public Integer call() throws IOException {
        DeltaCreateCommand.requireFile(source);
        DeltaCreateCommand.requireFile(delta);
        ApplyResult r;
        try (InputStream in = Files.newInputStream(delta)) {
            r = DeltaVerifier.verify(source, in);
        }
        spec.commandLine().getOut().printf("%s: applies to %s, rebuilds %,d bytes with SHA-256 %s%n", delta, source,
                r.header().targetSize(), r.header().targetSha256Hex());
        return 0;
    }
}
