package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The default Debian arm64 rootfs, fetched through the shared package cache (so a second test run downloads
 * nothing) and assembled once per test JVM under target/, for the tests that need the real packages.
 */
final class DebianRootfs {
    /** One per test JVM: surefire runs test classes in parallel JVMs, and each one empties its staging first. */
    private static final Path STAGING = Path.of("target",
            "debian-rootfs-" + System.getProperty("twinroot.testFork", "1")).toAbsolutePath();
    private static Rootfs built;

    private DebianRootfs() {
    }

    static DebianPackageSource source() {
        return new DebianPackageSource(DebianPackageSet.bookwormArm64(), PackageCache.defaultLocation());
    }

    static synchronized Rootfs get() throws IOException {
        if (built == null) {
            if (Files.exists(STAGING)) {
                try (Stream<Path> walk = Files.walk(STAGING)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
            built = new RootfsBuilder(RootfsBuilder.Options.defaults()).build(source(), STAGING);
        }
        return built;
    }
}
