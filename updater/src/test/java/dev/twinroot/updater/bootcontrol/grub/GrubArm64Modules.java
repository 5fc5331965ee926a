package dev.twinroot.updater.bootcontrol.grub;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bootcontrol.FetchLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The arm64 GRUB modules for the QEMU test: the host's own if it has them, else Debian's
 * {@code grub-efi-arm64-bin:arm64} downloaded with apt-get and unpacked (never installed) under {@code target/}.
 */
final class GrubArm64Modules {

    private static final ExternalTool APT_GET = new ExternalTool("apt-get", "apt");
    private static final ExternalTool DPKG_DEB = new ExternalTool("dpkg-deb", "dpkg");
    private static final Path HOST = Path.of("/usr/lib/grub/arm64-efi");
    private static final Path CACHE = Path.of("target", "grub-arm64-efi").toAbsolutePath();
    private static final String MODULES = "usr/lib/grub/arm64-efi";

    private GrubArm64Modules() {
    }

    /** The module directory, or why there is none; fetched by one test JVM at a time ({@link FetchLock}). */
    static Optional<Path> find(StringBuilder why) {
        if (Files.isRegularFile(HOST.resolve("linux.mod"))) {
            return Optional.of(HOST);
        }
        return FetchLock.fetch(CACHE, "the arm64 GRUB modules", why, GrubArm64Modules::findLocked);
    }

    private static Optional<Path> findLocked(StringBuilder why) {
        Path cached = CACHE.resolve("root").resolve(MODULES);
        if (Files.isRegularFile(cached.resolve("linux.mod"))) {
            return Optional.of(cached);
        }
        try {
            ExternalTool.Result download = APT_GET.run(List.of("download", "grub-efi-arm64-bin:arm64"),
                    java.util.Map.of(), CACHE, Duration.ofMinutes(3));
            if (!download.succeeded()) {
                why.append("could not download grub-efi-arm64-bin:arm64 (is arm64 added with dpkg --add-architecture "
                        + "and apt-get update run?): ").append(download.stderr().strip());
                return Optional.empty();
            }
            try (var debs = Files.list(CACHE)) {
                Path deb = debs.filter(p -> p.getFileName().toString().endsWith("_arm64.deb")).findFirst().orElseThrow();
                DPKG_DEB.run(List.of("-x", deb.toString(), CACHE.resolve("root").toString()), Duration.ofMinutes(1))
                        .requireSuccess();
            }
            return Optional.of(cached);
        } catch (IOException e) {
            why.append("could not get the arm64 GRUB modules: ").append(e.getMessage());
            return Optional.empty();
        }
    }
}
