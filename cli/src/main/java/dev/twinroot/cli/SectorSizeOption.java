package dev.twinroot.cli;

import dev.twinroot.partitioner.FileDisk;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --sector-size}: shared by the {@code part} subcommands, since an image file does not record it. */
final class SectorSizeOption {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    private int sectorSize = 512;

    @Option(names = "--sector-size", paramLabel = "BYTES",
            description = "Logical sector size of the image: 512 (default) or 4096.")
    void setSectorSize(int value) {
        if (value != 512 && value != 4096) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--sector-size must be 512 or 4096, found " + value);
        }
        sectorSize = value;
    }

    int sectorSize() {
        return sectorSize;
    }

    FileDisk openReadOnly(Path image) throws IOException {
        return FileDisk.openReadOnly(existing(image), sectorSize);
    }

    FileDisk open(Path image) throws IOException {
        return FileDisk.open(existing(image), sectorSize);
    }

    private static Path existing(Path image) throws IOException {
        if (!java.nio.file.Files.exists(image)) {
            throw new java.nio.file.NoSuchFileException(image + ": no such file");
        }
        return image;
    }
}
