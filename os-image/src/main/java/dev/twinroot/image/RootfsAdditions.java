package dev.twinroot.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What Twinroot adds to every rootfs, whatever its source: the init scripts, the mount points a read-only
 * root needs, and a minimal {@code /etc} where the source has none. Every write is resolved inside the tree
 * ({@link TreePaths}), so a source's absolute symlinks cannot redirect it onto the build host.
 */
final class RootfsAdditions {
    static final List<String> MOUNT_POINTS = List.of("proc", "sys", "dev", "boot", "data", "run", "tmp", "mnt/boot");

    static final String INITTAB = """
            # Twinroot: /sbin/init has mounted everything and hands PID 1 to busybox init, which reads this.
            ::respawn:/usr/lib/twinroot/supervisor-run
            ::askfirst:-/run/bin/sh
            ::ctrlaltdel:/run/bin/reboot
            # Run before init signals every process: stops the supervisor, then the rest, then unmounts.
            ::shutdown:/usr/lib/twinroot/shutdown
            """;
    static final String PROFILE = """
            export PATH=/usr/sbin:/usr/bin:/sbin:/bin:/run/bin
            export PS1='\\h:\\w\\$ '
            """;

    private final Path tree;

    RootfsAdditions(Path tree) {
        this.tree = tree;
    }

    void write(String hostname) throws IOException {
        for (String dir : MOUNT_POINTS) {
            Files.createDirectories(TreePaths.resolve(tree, dir, 0));
        }
        for (String dir : List.of("etc/twinroot", "usr/lib/twinroot", "root", "var/lib", "var/log")) {
            Files.createDirectories(TreePaths.resolve(tree, dir, 0));
        }
        Files.setAttribute(TreePaths.resolve(tree, "tmp", 0), "unix:mode", 01777);

        file("sbin/init", InitScripts.ROOTFS_INIT.bytes(), 0755, true);
        file("usr/lib/twinroot/supervisor-run", InitScripts.SUPERVISOR_RUN.bytes(), 0755, true);
        file("usr/lib/twinroot/class-data", InitScripts.CLASS_DATA.bytes(), 0755, true);
        file("usr/lib/twinroot/supervisor-stop", InitScripts.SUPERVISOR_STOP.bytes(), 0755, true);
        file("usr/lib/twinroot/late-c2.options", InitScripts.LATE_C2_OPTIONS.bytes(), 0644, true);
        file("usr/lib/twinroot/shutdown", InitScripts.SHUTDOWN.bytes(), 0755, true);
        file("usr/lib/twinroot/selftest", InitScripts.SELFTEST.bytes(), 0755, true);
        file("usr/lib/twinroot/udhcpc-script", InitScripts.UDHCPC_SCRIPT.bytes(), 0755, true);
        file("usr/bin/twinrootctl", InitScripts.TWINROOTCTL.bytes(), 0755, true);
        file("etc/inittab", utf8(INITTAB), 0644, true);

        // mmdebstrap copies the build host's hostname and resolv.conf into the tree: never ship those.
        file("etc/hostname", utf8(hostname + "\n"), 0644, true);
        file("etc/hosts", utf8("127.0.0.1\tlocalhost\n127.0.1.1\t" + hostname + "\n::1\tlocalhost\n"), 0644, false);
        replaceWithSymlink("etc/resolv.conf", "/run/resolv.conf");
        file("etc/passwd", utf8("root:x:0:0:root:/root:/bin/sh\n"), 0644, false);
        file("etc/group", utf8("root:x:0:\ntty:x:5:\n"), 0644, false);
        file("etc/shadow", utf8("root:*:1::::::\n"), 0600, false);
        file("etc/profile", utf8(PROFILE), 0644, false);

        symlink("bin/sh", "busybox");
        symlink("var/run", "/run");
        symlink("var/lock", "/run/lock");
        Optional<String> java = javaRuntime();
        if (java.isPresent()) {
            symlink("usr/bin/java", java.get());
        }
    }

    /** The JRE's java launcher, e.g. /usr/lib/jvm/java-17-openjdk-arm64/bin/java (Debian's alternatives never ran). */
    Optional<String> javaRuntime() throws IOException {
        Path jvm = TreePaths.resolve(tree, "usr/lib/jvm", 0);
        if (!Files.isDirectory(jvm)) {
            return Optional.empty();
        }
        try (Stream<Path> runtimes = Files.list(jvm)) {
            return runtimes.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> Files.isRegularFile(p.resolve("bin/java"), LinkOption.NOFOLLOW_LINKS))
                    .map(p -> "/usr/lib/jvm/" + p.getFileName() + "/bin/java")
                    .sorted()
                    .findFirst();
        }
    }

    private void file(String path, byte[] content, int mode, boolean replace) throws IOException {
        Path target = TreePaths.resolveParent(tree, path);
        if (!replace && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.deleteIfExists(target);
        Files.write(target, content);
        Files.setAttribute(target, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
    }

    private void symlink(String path, String target) throws IOException {
        Path link = TreePaths.resolveParent(tree, path);
        if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, Path.of(target));
    }

    /** For files that must live in RAM on a read-only root (a DHCP client writes /run/resolv.conf). */
    private void replaceWithSymlink(String path, String target) throws IOException {
        Path link = TreePaths.resolveParent(tree, path);
        if (!Files.isDirectory(link, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(link);
        }
        symlink(path, target);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
