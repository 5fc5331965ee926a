package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.ImageException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SupervisorJarTest {
    @TempDir
    Path dir;

    @Test
    void readsTheLibrariesInClassPathOrder() throws IOException {
        Path jar = jarWith("lib/b.jar lib/a-1.0.jar", "lib/b.jar", "lib/a-1.0.jar");
        assertEquals(List.of("lib/b.jar", "lib/a-1.0.jar"), SupervisorJar.open(jar).libraries());
    }

    @Test
    void aJarWithoutClassPathHasNoLibraries() throws IOException {
        Path jar = jarWith(null);
        assertEquals(List.of(), SupervisorJar.open(jar).libraries());
    }

    @Test
    void theDigestCoversEveryLibraryAndTheirOrder() throws IOException {
        Path jar = jarWith("lib/a.jar lib/b.jar", "lib/a.jar", "lib/b.jar");
        String before = SupervisorJar.open(jar).sha256();
        assertEquals(before, SupervisorJar.open(jar).sha256(), "same files, same digest");

        Files.writeString(dir.resolve("lib/b.jar"), "changed library (not even a jar)");
        String changed = SupervisorJar.open(jar).sha256();
        assertNotEquals(before, changed, "a library's bytes count");

        jarWith("lib/b.jar lib/a.jar");
        assertNotEquals(changed, SupervisorJar.open(jar).sha256(), "the order counts (the JVM searches in it)");
    }

    @Test
    void aMissingLibraryIsRefusedWithItsPath() throws IOException {
        Path jar = jarWith("lib/a.jar lib/gone.jar", "lib/a.jar");
        ImageException e = assertThrows(ImageException.class, () -> SupervisorJar.open(jar));
        assertTrue(e.getMessage().contains(dir.resolve("lib/gone.jar").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../a.jar", "lib/../a.jar", "/usr/share/java/a.jar", "http://example.com/a.jar",
            "lib/sub/a.jar", "a.jar", "lib/classes/", "lib/.hidden.jar"})
    void classPathEntriesOutsideLibAreRefused(String entry) throws IOException {
        Path jar = jarWith(entry);
        ImageException e = assertThrows(ImageException.class, () -> SupervisorJar.open(jar));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }

    @Test
    void notAJarIsRefused() throws IOException {
        Path jar = Files.writeString(dir.resolve("twinroot-supervisor.jar"), "not a zip");
        ImageException e = assertThrows(ImageException.class, () -> SupervisorJar.open(jar));
        assertTrue(e.getMessage().startsWith("supervisor jar " + jar + " is not a readable jar"), e.getMessage());
    }

    @Test
    void theImageGetsTheJarItsLibrariesUnsignedAndTheirDigest() throws Exception {
        Path jar = jarWith("lib/a.jar lib/b.jar lib/bcprov.jar", "lib/a.jar", "lib/b.jar");
        Path signed = Path.of(BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Files.copy(signed, dir.resolve("lib/bcprov.jar"));
        Path tree = Files.createDirectories(dir.resolve("tree"));
        String result = new DeviceFiles(ImageConfig.defaults(), new DevKeys(dir.resolve("keys")))
                .install(tree, Optional.of(jar), dir.resolve("scratch"));

        assertEquals("included (no class list: the jar has no dev.twinroot.supervisor.classdata.ClassListTraining)",
                result);
        Path device = tree.resolve("usr/lib/twinroot");
        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(device.resolve("twinroot-supervisor.jar")));
        for (String library : List.of("lib/a.jar", "lib/b.jar")) {
            assertArrayEquals(Files.readAllBytes(dir.resolve(library)), Files.readAllBytes(device.resolve(library)),
                    library + " as it is");
        }
        assertTrue(UnsignedJar.isSigned(dir.resolve("lib/bcprov.jar")));
        assertFalse(UnsignedJar.isSigned(device.resolve("lib/bcprov.jar")), "a signed library is installed unsigned");
        assertEquals(SupervisorJar.open(jar).sha256() + "\n",
                Files.readString(device.resolve("twinroot-supervisor.jar.sha256")));
    }

    /** {@code twinroot-supervisor.jar} in {@code dir} with this Class-Path (none if null), and these files beside it. */
    private Path jarWith(String classPath, String... libraries) throws IOException {
        for (String library : libraries) {
            Path file = dir.resolve(library);
            Files.createDirectories(file.getParent());
            try (OutputStream out = Files.newOutputStream(file); JarOutputStream zip = new JarOutputStream(out)) {
                zip.putNextEntry(new JarEntry("library.txt"));
                zip.write(library.getBytes(StandardCharsets.UTF_8));
            }
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        Path jar = dir.resolve("twinroot-supervisor.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.putNextEntry(new JarEntry("dev/twinroot/Main.class"));
            zip.write("not really a class".getBytes(StandardCharsets.US_ASCII));
        }
        return jar;
    }
}
