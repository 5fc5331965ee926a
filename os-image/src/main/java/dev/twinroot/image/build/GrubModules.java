package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;
import dev.twinroot.image.PackageCache;
import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The arm64-efi GRUB modules grub-mkimage links into {@code BOOTAA64.EFI}: the host's own when it has them,
 * else Debian's {@code grub-efi-arm64-bin:arm64} fetched once with {@code apt-get download} into the package
 * cache and unpacked with {@code dpkg-deb -x} (never installed: it is a foreign-architecture package).
 */
final class GrubModules {
    static final ExternalTool APT_GET = new ExternalTool("apt-get", "apt");
    static final ExternalTool DPKG_DEB = new ExternalTool("dpkg-deb", "dpkg");
    private static final Path HOST = Path.of("/usr/lib/grub/arm64-efi");
    private static final String MODULES = "usr/lib/grub/arm64-efi";

    private GrubModules() {
    }

    static Path find(PackageCache cache) throws IOException {
        if (Files.isRegularFile(HOST.resolve("linux.mod"))) {
            return HOST;
        }
        Path dir = cache.root().resolve("grub-arm64-efi");
        Path modules = dir.resolve("root").resolve(MODULES);
        if (Files.isRegularFile(modules.resolve("linux.mod"))) {
            return modules;
        }
        Files.createDirectories(dir);
        ExternalTool.Result download = APT_GET.run(List.of("download", "grub-efi-arm64-bin:arm64"), Map.of(), dir,
                Duration.ofMinutes(5));
        if (!download.succeeded()) {
            throw new ImageException("could not download grub-efi-arm64-bin:arm64 (run scripts/setup-host: it adds"
                    + " the arm64 architecture and runs apt-get update): " + download.stderr().strip());
        }
        Path deb;
        try (Stream<Path> files = Files.list(dir)) {
            deb = files.filter(p -> p.getFileName().toString().startsWith("grub-efi-arm64-bin_")
                    && p.getFileName().toString().endsWith("_arm64.deb")).sorted().findFirst()
                    .orElseThrow(() -> new ImageException("apt-get download left no grub-efi-arm64-bin .deb in " + dir));
        }
        DPKG_DEB.run(List.of("-x", deb.toString(), dir.resolve("root").toString()), Duration.ofMinutes(2)).requireSuccess();
        if (!Files.isRegularFile(modules.resolve("linux.mod"))) {
            throw new ImageException(deb + " has no " + MODULES + "/linux.mod");
        }
        return modules;
    }
}
