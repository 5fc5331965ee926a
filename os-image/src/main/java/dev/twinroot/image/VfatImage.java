package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The boot partition's vfat image, built without mounting anything: {@code mkfs.vfat --invariant} with a
 * fixed volume id, then the files copied in with mtools under SOURCE_DATE_EPOCH, so rebuilding gives the
 * same bytes.
 */
public final class VfatImage {

    /** @param volumeId the FAT volume serial (what {@code blkid} shows as UUID, e.g. 2A5C-00F1) */
    public record Options(String label, int volumeId, long sizeBytes, long epochSeconds) {
        public Options {
            if (label.isEmpty() || label.length() > 11 || !label.matches("[A-Z0-9_-]+")) {
                throw new IllegalArgumentException("FAT label must be 1..11 of A-Z 0-9 _ -, found '" + label + "'");
            }
            if (sizeBytes < (1L << 20) || sizeBytes % 1024 != 0) {
                throw new IllegalArgumentException("vfat image size must be a multiple of 1 KiB, at least 1 MiB, found " + sizeBytes);
            }
        }
    }

    private final Options options;

    public VfatImage(Options options) {
        this.options = options;
    }

    /** Writes a vfat filesystem holding the files of {@code tree} (which may be empty) to {@code image}. */
    public void build(Path tree, Path image) throws IOException {
        Files.deleteIfExists(image);
        String epoch = Long.toString(options.epochSeconds());
        Map<String, String> env = Map.of("SOURCE_DATE_EPOCH", epoch, "MTOOLS_SKIP_CHECK", "1");
        Tools.MKFS_VFAT.run(List.of("--invariant", "-i", HexFormat.of().toHexDigits(options.volumeId()),
                "-n", options.label(), "-C", image.toString(), Long.toString(options.sizeBytes() / 1024)),
                env, null, Tools.FILESYSTEM_TIMEOUT).requireSuccess();
        TreeTimes.normalize(tree, options.epochSeconds());
        List<String> top;
        try (Stream<Path> entries = Files.list(tree)) {
            top = entries.map(Path::toString).sorted().toList();
        }
        if (top.isEmpty()) {
            return;
        }
        List<String> args = new ArrayList<>(List.of("-i", image.toString(), "-s", "-m", "-Q"));
        args.addAll(top);
        args.add("::/");
        Tools.MCOPY.run(args, env, null, Tools.FILESYSTEM_TIMEOUT).requireSuccess();
    }
}
