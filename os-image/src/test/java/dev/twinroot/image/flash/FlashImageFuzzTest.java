package dev.twinroot.image.flash;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An image comes from anywhere, so opening and decompressing one takes any bytes: the result is data or a
 * FlashException. The first input byte picks the file name (which must agree with the magic). Runs the seeds
 * under src/test/resources/.../FlashImageFuzzTestInputs/decode in the normal suite; JAZZER_FUZZ=1 fuzzes for real.
 */
class FlashImageFuzzTest {

    private static final String[] NAMES = {"os.img", "os.img.gz", "os.img.xz", "os.img.zst"};
    /** Enough to walk through any frame structure; a decompression bomb is stopped by the device size anyway. */
    private static final int OUTPUT_CAP = 4 << 20;

    @FuzzTest(maxDuration = "60s")
    void decode(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        Path dir = Files.createTempDirectory("flash-fuzz");
        Path file = dir.resolve(NAMES[(input[0] & 0xff) % NAMES.length]);
        try {
            Files.write(file, java.util.Arrays.copyOfRange(input, 1, input.length));
            FlashImage image = FlashImage.open(file);
            try (InputStream in = image.openStream()) {
                byte[] buf = new byte[65536];
                long total = 0;
                int n;
                while (total < OUTPUT_CAP && (n = in.read(buf)) > 0) {
                    total += n;
                }
            }
        } catch (FlashException expected) {
            // a refusal is fine; any other exception fails the fuzz test
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
    }
}
