package dev.twinroot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A reproducible ext4 image made with {@code mke2fs -d}: fixed UUID and directory hash seed, the epoch as
 * the filesystem's clock (E2FSPROGS_FAKE_TIME), normalized file times, and then — because mke2fs copies each
 * source file's ctime and atime into its inode — every inode's times pinned with {@code debugfs -w}.
 */
public final class Ext4Image implements SlotFilesystem {
    private static final String TIMES = "atime ctime mtime crtime";

    /**
     * @param sizeBytes the image size; empty to fit the tree with headroom
     */
    public record Options(String label, UUID uuid, UUID hashSeed, long epochSeconds, OptionalLong sizeBytes) {
        public Options {
            if (label.length() > 16 || !label.matches("[A-Za-z0-9_-]*")) {
                throw new IllegalArgumentException("ext4 label must be at most 16 of A-Z a-z 0-9 _ -, found '" + label + "'");
            }
        }
    }

    private final Options options;

    public Ext4Image(Options options) {
        this.options = options;
    }

    @Override
    public void build(Path tree, Path image) throws IOException {
        TreeTimes.normalize(tree, options.epochSeconds());
        List<String> names = TreeTimes.absoluteNames(tree);
        long size = options.sizeBytes().orElse(fittingSize(tree, names.size()));
        Files.deleteIfExists(image);
        String epoch = Long.toString(options.epochSeconds());
        Map<String, String> env = Map.of("E2FSPROGS_FAKE_TIME", epoch, "SOURCE_DATE_EPOCH", epoch);
        Tools.MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-b", "4096", "-I", "256", "-m", "0",
                        "-N", Long.toString(names.size() + 1024L),
                        "-L", options.label(), "-U", options.uuid().toString(),
                        "-E", "hash_seed=" + options.hashSeed() + ",lazy_itable_init=0",
                        "-d", tree.toString(), image.toString(), (size / 1024) + "k"),
                env, null, Tools.FILESYSTEM_TIMEOUT).requireSuccess();
        pinTimes(image, names, env);
    }

    private void pinTimes(Path image, List<String> names, Map<String, String> env) throws IOException {
        StringBuilder commands = new StringBuilder();
        String at = " @" + options.epochSeconds() + "\n";
        for (String name : names) {
            if (name.indexOf('"') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\\') >= 0) {
                throw new ImageException("ext4 image: path " + name.replace("\n", "\\n")
                        + " has a character debugfs cannot quote (\" \\ or newline)");
            }
            for (String field : TIMES.split(" ")) {
                commands.append("sif \"").append(name).append("\" ").append(field).append(at);
                commands.append("sif \"").append(name).append("\" ").append(field).append("_extra 0\n");
            }
        }
        Path script = Files.createTempFile(image.toAbsolutePath().getParent(), ".debugfs-", ".cmds");
        try {
            Files.writeString(script, commands, StandardCharsets.UTF_8);
            String stderr = Tools.DEBUGFS.run(List.of("-w", "-f", script.toString(), image.toString()),
                    env, null, Tools.FILESYSTEM_TIMEOUT).requireSuccess().stderr();
            // debugfs exits 0 even when a command fails; its only other stderr line is its version banner.
            Optional<String> error = stderr.lines().filter(l -> !l.startsWith("debugfs ")).findFirst();
            if (error.isPresent()) {
                throw new ImageException("ext4 image: pinning inode times with debugfs failed: " + error.get());
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Data blocks of the tree with 20 % headroom, plus room for the journal and metadata. */
    private static long fittingSize(Path tree, long entries) throws IOException {
        long blocks = 0;
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (attrs.isRegularFile()) {
                    blocks += (attrs.size() + 4095) / 4096;
                }
            }
        }
        long bytes = (blocks + entries) * 4096L * 6 / 5 + (64L << 20);
        return (bytes + (1 << 20) - 1) & ~((1L << 20) - 1);
    }
}
