package dev.twinroot.updater.install;

import dev.twinroot.updater.config.HttpSettings;
import dev.twinroot.updater.http.ResumingDownload;
import dev.twinroot.updater.http.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a bundle as one stream, never a temporary copy: devices have less free space than a bundle. */
@FunctionalInterface
public interface BundleOpener {

    InputStream open(String source) throws IOException;

    /** {@code http://} and {@code https://} through a resuming download, anything else as a local file. */
    static BundleOpener standard(HttpSettings http, Sleeper sleeper) {
        return source -> {
            if (source.startsWith("http://") || source.startsWith("https://")) {
                URI uri;
                try {
                    uri = new URI(source);
                } catch (URISyntaxException e) {
                    throw new InstallException("not a valid URL: " + e.getMessage());
                }
                return new ResumingDownload(ResumingDownload.client(http), uri, http, sleeper);
            }
            try {
                return Files.newInputStream(Path.of(source));
            } catch (NoSuchFileException e) {
                throw new InstallException("bundle " + source + " does not exist");
            }
        };
    }
}
