package dev.twinroot.image;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

class TarballSourceFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyTarStreamExtractsOrFailsWithImageException(byte[] data) throws IOException {
        Path root = Files.createTempDirectory("tar-fuzz");
        Path staging = Files.createDirectory(root.resolve("staging"));
        try {
            TarballSource.extract(new ByteArrayInputStream(data), staging);
        } catch (ImageException expected) {
            // rejected with the module's exception: fine
        } finally {
            try (Stream<Path> siblings = Files.list(root)) {
                if (siblings.count() != 1) {
                    throw new IllegalStateException("a tar entry was written outside the staging tree");
                }
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.setAttribute(p, "unix:mode", 0700); // an extracted read-only directory must go too
                    }
                    Files.delete(p);
                }
            }
        }
    }
}
