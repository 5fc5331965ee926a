package dev.twinroot.image;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which Debian packages make a rootfs: a suite, an architecture, the apt sources and the packages asked for
 * (apt adds their dependencies). A package may be pinned as {@code name=version}.
 */
public record DebianPackageSet(String suite, String architecture, List<String> sources, List<String> packages) {

    private static final Pattern PACKAGE = Pattern.compile("[a-z0-9][a-z0-9+.-]+(:[a-z0-9]+)?(=[A-Za-z0-9.+~:-]+)?");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    private static final Pattern SOURCE = Pattern.compile("deb \\S+ [a-z0-9/.-]+( [a-z0-9-]+)+");

    public DebianPackageSet {
        sources = List.copyOf(sources);
        packages = List.copyOf(packages);
        // These end up on mmdebstrap's command line and in an apt-get call inside a hook: no shell syntax.
        if (!WORD.matcher(suite).matches() || !WORD.matcher(architecture).matches()) {
            throw new IllegalArgumentException("suite and architecture must be Debian names, found '"
                    + suite + "' / '" + architecture + "'");
        }
        for (String p : packages) {
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("not a Debian package name[=version]: '" + p + "'");
            }
        }
        for (String s : sources) {
            if (!SOURCE.matcher(s).matches() || s.contains("'")) {
                throw new IllegalArgumentException("not a one-line apt source 'deb URI SUITE COMPONENT...': '" + s + "'");
            }
        }
        if (packages.isEmpty() || sources.isEmpty()) {
            throw new IllegalArgumentException("a package set needs at least one package and one apt source");
        }
    }

    /**
     * Debian 12 for arm64: busybox (static, also the initramfs' only program), the kernel (the
     * {@code linux-image-arm64} metapackage makes apt pick the current 6.1 ABI, security updates included),
     * and the headless OpenJDK 17 runtime for the supervisor; apt adds libc6, zlib1g and the rest of the
     * runtime's library closure.
     */
    public static DebianPackageSet bookwormArm64() {
        return new DebianPackageSet("bookworm", "arm64",
                List.of("deb http://deb.debian.org/debian bookworm main",
                        "deb http://deb.debian.org/debian bookworm-updates main",
                        "deb http://deb.debian.org/debian-security bookworm-security main"),
                List.of("busybox-static", "linux-image-arm64", "openjdk-17-jre-headless"));
    }

    /** A stable name for this request: the cache key of its fetched tree. */
    String key() {
        StringBuilder canonical = new StringBuilder(suite).append('\n').append(architecture).append('\n');
        sources.forEach(s -> canonical.append(s).append('\n'));
        packages.stream().sorted().forEach(p -> canonical.append(p).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
