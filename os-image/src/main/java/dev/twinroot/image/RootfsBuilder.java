package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Assembles a slot's root filesystem tree in a staging directory: the source's files, minus documentation,
 * plus Twinroot's init scripts and mount points, the kernel moved to {@code /boot/Image} and an initramfs
 * built for it at {@code /boot/initrd.img}.
 */
public final class RootfsBuilder {

    /**
     * @param epochSeconds the one timestamp of everything generated (SOURCE_DATE_EPOCH)
     * @param excludes tree paths removed from the source (documentation a device never reads)
     */
    public record Options(String hostname, long epochSeconds, ModuleRequest modules, List<String> excludes) {
        public Options {
            excludes = List.copyOf(excludes);
            if (!hostname.matches("[A-Za-z0-9][A-Za-z0-9-]{0,62}")) {
                throw new IllegalArgumentException("hostname must be a DNS label, found '" + hostname + "'");
            }
        }

        public static Options defaults() {
            return new Options("twinroot", 1_767_225_600L /* 2026-01-01 */, ModuleRequest.defaults(),
                    List.of("usr/share/doc", "usr/share/man", "usr/share/info", "usr/share/locale",
                            "usr/share/lintian", "var/cache/apt", "var/lib/apt/lists"));
        }
    }

    private final Options options;

    public RootfsBuilder(Options options) {
        this.options = options;
    }

    /** Fills {@code staging} (created if missing, must be empty) from {@code source} and adds Twinroot's parts. */
    public Rootfs build(RootfsSource source, Path staging) throws IOException {
        Files.createDirectories(staging);
        try (Stream<Path> existing = Files.list(staging)) {
            if (existing.findAny().isPresent()) {
                throw new ImageException("staging directory " + staging + " is not empty");
            }
        }
        source.copyInto(staging);
        for (String exclude : options.excludes()) {
            deleteTree(TreePaths.resolveParent(staging, exclude));
        }
        Kernel kernel = Kernel.find(staging);
        RootfsAdditions additions = new RootfsAdditions(staging);
        additions.write(options.hostname());

        Path image = TreePaths.resolveParent(staging, "boot/Image");
        Files.move(kernel.image(), image, StandardCopyOption.REPLACE_EXISTING);
        Files.createSymbolicLink(kernel.image(), Path.of("Image"));
        Path initrd = TreePaths.resolveParent(staging, "boot/initrd.img");
        Files.deleteIfExists(initrd);
        LoadPlan plan = new Initramfs(options.modules(), options.epochSeconds())
                .write(kernel, TreePaths.resolve(staging, "bin/busybox", 0), initrd);
        return new Rootfs(staging, kernel.version(), image, initrd, plan.names(), plan.absent());
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // Files.walk does not follow symlinks: a link is removed, never what it points to.
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
