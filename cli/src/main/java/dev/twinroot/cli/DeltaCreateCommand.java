package dev.twinroot.cli;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.delta.DeltaInfo;
import dev.twinroot.delta.ProgressListener;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinroot delta create OLD NEW DELTA}. */
@Command(
        name = "create",
        mixinStandardHelpOptions = true,
        description = "Write DELTA, which rebuilds NEW from OLD. Both are raw images (ext4, squashfs, erofs, any file).",
        footer = {"", "Examples:", "  twinroot delta create rootfs-1.0.img rootfs-1.1.img 1.0-to-1.1.delta",
                "  twinroot delta create --format-version 2 rootfs-1.0.img rootfs-1.1.img 1.0-to-1.1.delta"})
final class DeltaCreateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OLD", description = "The source image, as on the device.")
    Path source;

    @Parameters(index = "1", paramLabel = "NEW", description = "The target image.")
    Path target;

    @Parameters(index = "2", paramLabel = "DELTA", description = "Where to write the delta.")
    Path delta;

    @Option(names = "--block-size", paramLabel = "BYTES", defaultValue = "4096",
            description = "Block size for matching (a power of two, 512..1048576; default ${DEFAULT-VALUE}).")
    int blockSize;

    @Option(names = "--format-version", paramLabel = "N", defaultValue = "3",
            description = "Delta format version to write: 3 (default; adds SPLICE, smaller deltas of compressed images)"
                    + " or 2 (for devices whose twinroot reads version 2 only).")
    int formatVersion;

    @Option(names = "--no-bsdiff", description = "Never encode a changed region as a bsdiff patch (faster, larger).")
    boolean noBsdiff;

    @Override
    public Integer call() throws IOException {
        if (formatVersion != 2 && formatVersion != 3) {
            throw new IOException("--format-version " + formatVersion + ": this twinroot writes versions 2 and 3");
        }
        requireFile(source);
        requireFile(target);
        DeltaGenerator.Options options;
        try {
            options = DeltaGenerator.Options.defaults().withBlockSize(blockSize);
        } catch (IllegalArgumentException e) {
            throw new IOException("--block-size " + blockSize + ": " + e.getMessage());
        }
        options = options.withFormatVersion(formatVersion);
        if (noBsdiff) {
            options = options.withBsdiff(false);
        }
        ProgressListener progress = TerminalProgress.forConsole(spec.commandLine().getErr());
        Path partial = delta.resolveSibling(delta.getFileName() + ".partial");
        DeltaInfo info;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
            info = DeltaGenerator.create(source, target, out, options.withProgress(progress));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        } finally {
            TerminalProgress.finish(progress);
        }
        Files.move(partial, delta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        spec.commandLine().getOut().printf("%s: %,d bytes, %,d operations, rebuilds %,d bytes from %,d%n", delta,
                info.deltaSize(), info.opCount(), info.header().targetSize(), info.header().sourceSize());
        return 0;
    }

    static void requireFile(Path p) throws IOException {
        if (!Files.exists(p)) {
            throw new NoSuchFileException(p + ": no such file");
        }
        if (Files.isDirectory(p)) {
            throw new IOException(p + ": is a directory, expected an image file");
        }
    }
}
