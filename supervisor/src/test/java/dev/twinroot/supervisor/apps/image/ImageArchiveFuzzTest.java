package dev.twinroot.supervisor.apps.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Any bytes as an image archive load images or fail with the apps' exceptions (format, digest, missing blob). */
class ImageArchiveFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyArchive(byte[] input) throws IOException {
        Path dir = Files.createTempDirectory("archive-fuzz");
        try {
            new ImageArchive(new ImageStore(dir), new ImagePlatform("linux", "amd64"))
                    .load(new ByteArrayInputStream(input), "fuzz");
        } catch (AppsException expected) {
            // the failures a caller handles
        } finally {
            Trees.deleteRecursively(dir);
        }
    }
}
