package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.run.AppsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl apps load ARCHIVE}: puts the images of an OCI image layout archive into the image store on
 * the data partition, for target states that name images without a registry (offline devices, bundles).
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Load the images of an OCI image layout archive (tar) into the device's image store.",
        footer = {"", "Example:", "  twinrootctl apps load /data/app-image.tar"})
final class AppsLoadCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ARCHIVE", description = "An OCI image layout as a tar file.")
    Path archive;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AppsSettings settings = AppsSettings.defaults(config.load().dataPath());
        ImageStore store = new ImageStore(settings.images());
        try (InputStream in = Files.newInputStream(archive)) {
            for (StoredImage image : new ImageArchive(store, ImagePlatform.current()).load(in, archive.getFileName().toString())) {
                spec.commandLine().getOut().println("loaded " + image.manifest() + " (" + image.content().layers().size()
                        + " layers) from " + archive.getFileName());
            }
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
