package dev.twinroot.platform;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JNA stays behind the interfaces: only package-private classes of {@code dev.twinroot.platform.linux} may
 * mention it (checked in the sources, run from the module directory as surefire does).
 */
class JnaConfinementTest {

    private static final Path MAIN = Path.of("src/main/java/dev/twinroot/platform");
    private static final Pattern PUBLIC_TYPE = Pattern.compile("(?m)^public\\s+(final\\s+)?(class|interface|record|enum)");

    @Test
    void onlyPackagePrivateLinuxClassesUseJna() throws IOException {
        List<String> offenders = new ArrayList<>();
        int jnaUsers = 0;
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                String source = Files.readString(file);
                if (!source.contains("com.sun.jna")) {
                    continue;
                }
                jnaUsers++;
                boolean inLinux = file.getParent().endsWith("linux");
                if (!inLinux || PUBLIC_TYPE.matcher(source).find()) {
                    offenders.add(MAIN.relativize(file).toString());
                }
            }
        }
        assertTrue(jnaUsers >= 5, "expected the JNA bindings under " + MAIN.toAbsolutePath() + ", found " + jnaUsers);
        assertEquals(List.of(), offenders);
    }
}
