package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kernel a rootfs tree carries: its version, its image file and its module tree. Debian installs
 * {@code /boot/vmlinuz-VERSION} (on arm64 an uncompressed Image, which U-Boot's {@code booti} takes as is)
 * and {@code /lib/modules/VERSION}; a merged-/usr tree may have {@code /usr/lib/modules} instead.
 */
record Kernel(String version, Path image, Path moduleDir) {

    /** Finds the one kernel in {@code tree}; none or several is an error naming what was found. */
    static Kernel find(Path tree) throws IOException {
        List<String> versions;
        Path boot = tree.resolve("boot");
        try (Stream<Path> files = Files.isDirectory(boot) ? Files.list(boot) : Stream.empty()) {
            versions = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("vmlinuz-"))
                    .map(n -> n.substring("vmlinuz-".length()))
                    .sorted()
                    .toList();
        }
        if (versions.size() != 1) {
            throw new ImageException("rootfs " + tree + ": expected exactly one /boot/vmlinuz-VERSION, found "
                    + (versions.isEmpty() ? "none" : versions));
        }
        String version = versions.get(0);
        for (String modules : List.of("lib/modules/", "usr/lib/modules/")) {
            Path dir = tree.resolve(modules + version);
            if (Files.isDirectory(dir)) {
                return new Kernel(version, boot.resolve("vmlinuz-" + version), dir);
            }
        }
        throw new ImageException("rootfs " + tree + ": kernel " + version + " has no lib/modules/" + version);
    }
}
