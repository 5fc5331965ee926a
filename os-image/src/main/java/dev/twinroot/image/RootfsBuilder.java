package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
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
     * @param excludes tree paths removed from the source (documentation a device never reads); a path
     *     component may be a glob, e.g. {@code lib/modules/*}{@code /kernel/sound}
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
            for (String path : expand(staging, exclude)) {
                deleteTree(TreePaths.resolveParent(staging, path));
            }
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

    /** The tree paths an exclude names; a component may be a glob ({@code lib/modules/*}{@code /kernel/sound}). */
    static List<String> expand(Path staging, String pattern) throws IOException {
        List<String> matches = List.of("");
        for (Path component : TreePaths.checkedRelative(pattern)) {
            String part = component.toString();
            List<String> next = new ArrayList<>();
            for (String prefix : matches) {
                if (!part.contains("*") && !part.contains("?") && !part.contains("[")) {
                    next.add(prefix + part);
                    continue;
                }
                Path dir = prefix.isEmpty() ? staging : TreePaths.resolve(staging, prefix, 0);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + part);
                try (Stream<Path> children = Files.list(dir)) {
                    children.map(Path::getFileName).filter(glob::matches).map(Path::toString).sorted()
                            .forEach(name -> next.add(prefix + name));
                }
            }
            matches = next.stream().map(m -> m + "/").toList();
        }
        return matches.stream().map(m -> m.substring(0, m.length() - 1)).toList();
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
