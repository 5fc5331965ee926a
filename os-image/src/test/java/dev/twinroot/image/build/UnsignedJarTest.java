package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedJarTest {
    @TempDir
    Path dir;

    /** Bouncy Castle's provider jar from the test class path: a real signed jar. */
    private static Path bcprov() throws Exception {
        return Path.of(BouncyCastleProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    @Test
    void bouncyCastlesJarLosesItsSignatureAndKeepsEveryClassByteForByte() throws Exception {
        Path signed = bcprov();
        assertTrue(UnsignedJar.isSigned(signed), signed + " is signed");
        Path copy = dir.resolve("bcprov.jar");

        UnsignedJar.copy(signed, copy);

        assertFalse(UnsignedJar.isSigned(copy));
        try (JarFile original = new JarFile(signed.toFile(), false); JarFile unsigned = new JarFile(copy.toFile(), true)) {
            List<String> kept = new ArrayList<>();
            for (JarEntry e : Collections.list(original.entries())) {
                if (!UnsignedJar.isSignatureFile(e.getName()) && !e.getName().equals("META-INF/MANIFEST.MF")) {
                    kept.add(e.getName());
                }
            }
            List<String> names = new ArrayList<>();
            for (JarEntry e : Collections.list(unsigned.entries())) {
                names.add(e.getName());
                if (e.getName().equals("META-INF/MANIFEST.MF")) {
                    continue;
                }
                try (InputStream a = original.getInputStream(original.getJarEntry(e.getName()));
                     InputStream b = unsigned.getInputStream(e)) {
                    assertArrayEquals(a.readAllBytes(), b.readAllBytes(), e.getName());
                }
                assertNull(e.getCodeSigners(), e.getName() + " has no signer");
            }
            names.remove("META-INF/MANIFEST.MF");
            assertEquals(kept, names, "every other entry, in the same order");
            Manifest m = unsigned.getManifest();
            assertEquals(original.getManifest().getMainAttributes(), m.getMainAttributes());
            assertTrue(m.getEntries().isEmpty(), "no per-entry digests");
        }
        // A JVM loads its classes: the provider class, from the copy.
        try (URLClassLoader loader = new URLClassLoader(new URL[] {copy.toUri().toURL()}, null)) {
            Class<?> provider = loader.loadClass(BouncyCastleProvider.class.getName());
            assertEquals(copy.toUri().toURL(), provider.getProtectionDomain().getCodeSource().getLocation());
            assertNull(provider.getProtectionDomain().getCodeSource().getCodeSigners());
        }
    }

    @Test
    void theCopyIsTheSameOnEveryRun() throws Exception {
        UnsignedJar.copy(bcprov(), dir.resolve("a.jar"));
        UnsignedJar.copy(bcprov(), dir.resolve("b.jar"));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.jar")), Files.readAllBytes(dir.resolve("b.jar")));
    }

    @Test
    void signatureFilesAreTheTopLevelOnesOfMetaInf() {
        for (String name : List.of("META-INF/BC2048KE.SF", "META-INF/BC2048KE.DSA", "META-INF/X.RSA", "META-INF/k.ec",
                "META-INF/SIG-FOO")) {
            assertTrue(UnsignedJar.isSignatureFile(name), name);
        }
        for (String name : List.of("META-INF/MANIFEST.MF", "META-INF/versions/9/X.SF", "org/x/Y.SF", "META-INF/LICENSE",
                "META-INF/services/java.security.Provider")) {
            assertFalse(UnsignedJar.isSignatureFile(name), name);
        }
    }

    /** Random manifests: the cut keeps exactly the main attributes, byte for byte, and no section. */
    @Test
    void theMainSectionIsWhatAManifestParserReadsAsMainAttributes() throws IOException {
        Random random = new Random(20261129);
        for (int run = 0; run < 500; run++) {
            String eol = List.of("\r\n", "\n", "\r").get(random.nextInt(3));
            StringBuilder text = new StringBuilder("Manifest-Version: 1.0" + eol);
            int attributes = random.nextInt(5);
            for (int a = 0; a < attributes; a++) {
                text.append(wrapped("X-Attr-" + a + ": " + value(random), eol));
            }
            int sections = random.nextInt(4);
            for (int s = 0; s < sections; s++) {
                text.append(eol).append(wrapped("Name: org/x/C" + s + ".class", eol))
                        .append(wrapped("SHA-256-Digest: " + value(random), eol));
            }
            if (sections > 0 || random.nextBoolean()) {
                text.append(eol);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            Manifest original = new Manifest(new ByteArrayInputStream(bytes));

            byte[] main = UnsignedJar.mainSection(bytes);

            Manifest cut = new Manifest(new ByteArrayInputStream(main));
            assertEquals(original.getMainAttributes(), cut.getMainAttributes(), text.toString());
            assertTrue(cut.getEntries().isEmpty(), text.toString());
            String mainText = new String(main, StandardCharsets.UTF_8);
            assertTrue(mainText.endsWith(eol.equals("\r\n") ? "\r\n\r\n" : "\r\n"), mainText);
        }
    }

    @Test
    void aManifestWithoutATerminatorKeepsItsLastLine() throws IOException {
        byte[] main = UnsignedJar.mainSection("Manifest-Version: 1.0\r\nCreated-By: me".getBytes(StandardCharsets.UTF_8));
        assertEquals("Manifest-Version: 1.0\r\nCreated-By: me\r\n\r\n", new String(main, StandardCharsets.UTF_8));
        assertEquals("me", new Manifest(new ByteArrayInputStream(main)).getMainAttributes().getValue("Created-By"));
    }

    /** Values with multi-byte characters, long enough to need continuation lines. */
    private static String value(Random random) {
        StringBuilder v = new StringBuilder();
        int length = 1 + random.nextInt(150);
        for (int i = 0; i < length; i++) {
            v.append(random.nextInt(8) == 0 ? 'é' : (char) ('a' + random.nextInt(26)));
        }
        return v.toString();
    }

    /** A manifest line wrapped at 72 bytes, as the JAR specification writes them (never inside a character). */
    private static String wrapped(String line, String eol) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        int start = 0;
        int limit = 72;
        while (bytes.length - start > limit) {
            int end = start + limit;
            while ((bytes[end] & 0xC0) == 0x80) {
                end--;
            }
            out.append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append(eol).append(' ');
            start = end;
            limit = 71;
        }
        return out.append(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8)).append(eol).toString();
    }
}
