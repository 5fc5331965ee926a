package dev.twinroot.yocto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** The module under test, as Maven passes it, and throw-away copies of it for tests that break things. */
final class TestLayer {

    private TestLayer() {
    }

    static Path module() {
        return Path.of(System.getProperty("twinroot.module.dir", "."));
    }

    static String pomVersion() {
        String v = System.getProperty("twinroot.version");
        if (v == null) {
            throw new IllegalStateException("system property twinroot.version is not set (run the tests with Maven)");
        }
        return v;
    }

    /**
     * Copies meta-twinroot/ and kas/ of the module into {@code target}; returns the copy's module dir. Jars are left
     * out: the checker never reads them, and a supervisor build copied into the layer is 26 MB per copy.
     */
    static Path copy(Path target) throws IOException {
        for (String dir : List.of("meta-twinroot", "kas")) {
            Path from = module().resolve(dir);
            try (Stream<Path> walk = Files.walk(from)) {
                for (Path p : walk.toList()) {
                    Path to = target.resolve(dir).resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.createDirectories(to);
                    } else if (!p.getFileName().toString().endsWith(".jar")) {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }
}
