package dev.twinroot.supervisor.cli;

import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.run.AppsSettings;
import dev.twinroot.supervisor.apps.imagedelta.ImageDeltaLoader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code twinrootctl apps load ARCHIVE}: puts the images of an OCI image layout archive into the image store on
 * the data partition, for target states that name images without a registry (offline devices, bundles). An
 * image delta (told apart by its magic bytes) is rebuilt against the image it was made from.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load the images of an OCI image layout archive (tar) into the device's image store,",
                "or the new image of an image delta (twinroot apps delta) against an image already there."},
        footer = {"", "Examples:", "  twinrootctl apps load /data/app-image.tar", "  twinrootctl apps load /data/app-1.0-to-1.1.tid"})
final class AppsLoadCommand implements Callable<Integer> {

    @Mixin
    ConfigOption config;

    @Parameters(paramLabel = "ARCHIVE", description = "An OCI image layout as a tar file, or an image delta.")
    Path archive;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        AppsSettings settings = AppsSettings.defaults(config.load().dataPath());
        ImageStore store = new ImageStore(settings.images());
        String name = archive.getFileName().toString();
        List<StoredImage> loaded;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            in.mark(16);
            byte[] head = in.readNBytes(16);
            in.reset();
            if (ImageDeltaLoader.isImageDelta(head)) {
                loaded = List.of(new ImageDeltaLoader(store, ImagePlatform.current(), settings.maxImageBytes())
                        .load(in, name));
            } else {
                loaded = new ImageArchive(store, ImagePlatform.current()).load(in, name);
            }
        }
        for (StoredImage image : loaded) {
            spec.commandLine().getOut().println("loaded " + image.manifest() + " (" + image.content().layers().size()
                    + " layers) from " + archive.getFileName());
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
