package dev.twinroot.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A rootfs made of Debian packages for another architecture, fetched with {@code mmdebstrap
 * --variant=extract}: apt resolves the dependencies and verifies the signed indexes and every package's
 * hash; the packages are unpacked but never configured (no maintainer scripts run, nothing is emulated).
 *
 * <p>The unpacked tree is cached as a tarball under the package cache, keyed on the request (suite,
 * architecture, sources, packages with any pinned versions), next to the exact versions apt chose; the
 * downloaded .deb files are kept too, so a {@link #refresh()} only downloads what changed.
 */
public final class DebianPackageSource implements RootfsSource {
    static final String TARBALL = "rootfs.tar";
    static final String VERSIONS = "packages.txt";

    private final DebianPackageSet set;
    private final PackageCache cache;

    public DebianPackageSource(DebianPackageSet set, PackageCache cache) {
        this.set = set;
        this.cache = cache;
    }

    /** What the cached tree holds. */
    public record Fetched(Path tarball, List<DebianPackage> packages) {
        public Fetched {
            packages = List.copyOf(packages);
        }
    }

    /** The cached tree, fetching it first when this request has never been fetched. */
    public Fetched fetch() throws IOException {
        return withLock(false);
    }

    /** Resolves and fetches again, to pick up new package versions (security updates) for the same request. */
    public Fetched refresh() throws IOException {
        return withLock(true);
    }

    @Override
    public void copyInto(Path staging) throws IOException {
        new TarballSource(fetch().tarball()).copyInto(staging);
    }

    @Override
    public String describe() {
        return "Debian " + set.suite() + "/" + set.architecture() + " packages " + String.join(",", set.packages());
    }

    private Fetched withLock(boolean refresh) throws IOException {
        Path debian = cache.debian();
        Files.createDirectories(debian.resolve("archives"));
        Files.createDirectories(debian.resolve("sets"));
        // Two builds sharing the cache (parallel CI jobs) must not write the same entry at once.
        try (FileChannel lockFile = FileChannel.open(debian.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = lockFile.lock()) {
            Path entry = debian.resolve("sets").resolve(set.key());
            if (refresh || !Files.isRegularFile(entry.resolve(TARBALL)) || !Files.isRegularFile(entry.resolve(VERSIONS))) {
                fetchInto(debian, entry);
            }
            return read(entry);
        }
    }

    private Fetched read(Path entry) throws IOException {
        List<DebianPackage> packages = DebianPackage.fromSimulation(Files.readString(entry.resolve(VERSIONS), StandardCharsets.UTF_8));
        if (packages.isEmpty()) {
            throw new ImageException("package cache entry " + entry + ": " + VERSIONS + " lists no packages");
        }
        return new Fetched(entry.resolve(TARBALL), packages);
    }

    private void fetchInto(Path debian, Path entry) throws IOException {
        Path partial = debian.resolve("sets").resolve(set.key() + ".partial");
        deleteTree(partial);
        Files.createDirectories(partial);
        String bare = String.join(" ", set.packages());
        String versions = "sets/" + partial.getFileName() + "/" + VERSIONS;
        List<String> args = new ArrayList<>(List.of(
                "--variant=extract",
                "--architectures=" + set.architecture(),
                "--include=" + String.join(",", set.packages()),
                "--format=tar",
                // Paths in special hooks are relative to mmdebstrap's working directory: the cache's debian/.
                "--setup-hook=mkdir -p \"$1\"/var/cache/apt/archives",
                "--setup-hook=sync-in archives /var/cache/apt/archives/",
                // The extract variant leaves no dpkg database: ask the chroot's apt what it resolved.
                "--extract-hook=APT_CONFIG=\"$MMDEBSTRAP_APT_CONFIG\" apt-get --simulate install " + bare + " > '" + versions + "'",
                "--extract-hook=sync-out /var/cache/apt/archives archives",
                set.suite(),
                "sets/" + partial.getFileName() + "/" + TARBALL));
        args.addAll(set.sources());
        Tools.MMDEBSTRAP.run(args, Map.of(), debian, Tools.FETCH_TIMEOUT).requireSuccess();
        if (DebianPackage.fromSimulation(Files.readString(partial.resolve(VERSIONS), StandardCharsets.UTF_8)).isEmpty()) {
            throw new ImageException("mmdebstrap fetched " + describe() + " but apt reported no resolved packages");
        }
        deleteTree(entry);
        Files.move(partial, entry, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
