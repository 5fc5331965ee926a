package dev.twinroot.supervisor.apps.layer;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.Trees;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Any bytes as a layer give a root filesystem or the format exception, and never a file outside the root.
 * The seeds are hostile layers named for the attack they try.
 */
class LayerUnpackerFuzzTest {

    @FuzzTest(maxDuration = "60s")
    void anyLayer(byte[] input) throws IOException {
        Path sandbox = Files.createTempDirectory("layer-fuzz");
        try {
            Path root = Files.createDirectory(sandbox.resolve("root"));
            Path outside = Files.createDirectory(sandbox.resolve("outside"));
            try {
                new LayerUnpacker(16L << 20, false).apply(new ByteArrayInputStream(input), root, Optional.empty());
            } catch (AppsFormatException | DigestMismatchException expected) {
                // the failures a caller handles
            } catch (java.nio.file.FileSystemException confined) {
                // the file system refusing an odd name or a full temp dir, inside the root: not an escape
            }
            try (Stream<Path> s = Files.list(outside)) {
                if (s.findAny().isPresent()) {
                    throw new AssertionError("a layer wrote outside the root");
                }
            }
            try (Stream<Path> s = Files.list(sandbox)) {
                if (s.count() != 2) {
                    throw new AssertionError("a layer wrote beside the root");
                }
            }
        } finally {
            Trees.deleteRecursively(sandbox);
        }
    }
}
