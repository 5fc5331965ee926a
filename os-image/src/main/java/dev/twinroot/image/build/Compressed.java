package dev.twinroot.image.build;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code disk.img.zst}: the disk compressed with zstd (level 10 as for bundles, single-threaded so the bytes do not vary; level 19 took over 6 minutes here). */
final class Compressed {
    private Compressed() {
    }

    static Path zstd(Path file, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(file);
             OutputStream out = new ZstdOutputStream(Files.newOutputStream(target), 10)) {
            in.transferTo(out);
        }
        return target;
    }
}
