package dev.twinroot.updater.bootcontrol;

import dev.twinroot.platform.ExternalTool;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.ar.ArArchiveEntry;
import org.apache.commons.compress.archivers.ar.ArArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Debian 12's arm64 kernel {@code Image} for QEMU tests that must see a real kernel start: taken from the
 * package in the image builder's package cache when a build already fetched it, else downloaded with
 * {@code apt-get download} (the package the {@code linux-image-arm64} metapackage names) into {@code target/}.
 * The .deb is read in Java (ar, xz, tar); nothing is installed.
 */
public final class DebianArm64Kernel {

    private static final ExternalTool APT_GET = new ExternalTool("apt-get", "apt");
    private static final ExternalTool APT_CACHE = new ExternalTool("apt-cache", "apt");
    private static final Path DIR = Path.of("target", "debian-arm64-kernel").toAbsolutePath();
    private static final Pattern PACKAGE = Pattern.compile("linux-image-[0-9][0-9a-z.+-]*-arm64_.*_arm64\\.deb");

    private DebianArm64Kernel() {
    }

    /** The kernel Image, or why there is none; fetched by one test JVM at a time ({@link FetchLock}). */
    public static Optional<Path> find(StringBuilder why) {
        return FetchLock.fetch(DIR, "Debian's arm64 kernel", why, DebianArm64Kernel::findLocked);
    }

    private static Optional<Path> findLocked(StringBuilder why) {
        Path image = DIR.resolve("Image");
        if (Files.isRegularFile(image)) {
            return Optional.of(image);
        }
        try {
            Optional<Path> deb = cached().or(() -> download(why));
            if (deb.isEmpty()) {
                return Optional.empty();
            }
            Path partial = DIR.resolve("Image.partial");
            if (!extractKernel(deb.get(), partial)) {
                why.append(deb.get()).append(" has no ./boot/vmlinuz-*");
                return Optional.empty();
            }
            Files.move(partial, image, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(image);
        } catch (IOException e) {
            why.append("could not get Debian's arm64 kernel: ").append(e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<Path> cached() {
        String env = System.getenv("TWINROOT_CACHE");
        Path root = env != null ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "twinroot");
        return newest(root.resolve("debian").resolve("archives"));
    }

    private static Optional<Path> newest(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> PACKAGE.matcher(p.getFileName().toString()).matches())
                    .max(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> download(StringBuilder why) {
        try {
            String depends = APT_CACHE.run(List.of("depends", "linux-image-arm64:arm64"), Duration.ofMinutes(1))
                    .requireSuccess().stdout();
            Matcher m = Pattern.compile("Depends: (linux-image-[0-9][0-9a-z.+-]*-arm64)(:arm64)?").matcher(depends);
            if (!m.find()) {
                why.append("apt-cache names no kernel for linux-image-arm64:arm64 (is arm64 added with dpkg "
                        + "--add-architecture and apt-get update run?)");
                return Optional.empty();
            }
            ExternalTool.Result r = APT_GET.run(List.of("download", m.group(1) + ":arm64"), Map.of(), DIR,
                    Duration.ofMinutes(10));
            if (!r.succeeded()) {
                why.append("could not download ").append(m.group(1)).append(":arm64: ").append(r.stderr().strip());
                return Optional.empty();
            }
            return newest(DIR);
        } catch (IOException e) {
            why.append("could not download Debian's arm64 kernel: ").append(e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean extractKernel(Path deb, Path out) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(deb));
             ArArchiveInputStream ar = new ArArchiveInputStream(file)) {
            for (ArArchiveEntry e; (e = ar.getNextArEntry()) != null; ) {
                if (!e.getName().equals("data.tar.xz")) {
                    continue;
                }
                TarArchiveInputStream tar = new TarArchiveInputStream(new XZCompressorInputStream(ar));
                for (TarArchiveEntry t; (t = tar.getNextTarEntry()) != null; ) {
                    if (t.isFile() && t.getName().startsWith("./boot/vmlinuz-")) {
                        Files.copy(tar, out, StandardCopyOption.REPLACE_EXISTING);
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
