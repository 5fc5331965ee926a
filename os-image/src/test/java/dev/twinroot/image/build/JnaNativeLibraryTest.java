package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JnaNativeLibraryTest {

    @TempDir
    Path dir;

    @Test
    void theArm64LibraryOfJnasJarLandsWhereTheJvmOptionsNameIt() throws Exception {
        Path supervisor = dir.resolve("twinroot-supervisor.jar");
        byte[] library = "an arm64 libjnidispatch".getBytes();
        jar(dir.resolve("lib/jna-5.17.0.jar"), JnaNativeLibrary.ENTRY, library);
        Path tree = Files.createDirectories(dir.resolve("tree"));

        Optional<Path> written = JnaNativeLibrary.install(tree, supervisor, List.of("lib/bcprov-jdk18on-1.81.jar",
                "lib/jna-5.17.0.jar"));

        assertEquals(Optional.of(tree.resolve("usr/lib/twinroot/native/libjnidispatch.so")), written);
        assertArrayEquals(library, Files.readAllBytes(written.get()));
    }

    @Test
    void aSupervisorWithoutJnaGetsNothingAndAJnaWithoutArm64IsRefused() throws Exception {
        Path supervisor = dir.resolve("twinroot-supervisor.jar");
        Path tree = Files.createDirectories(dir.resolve("tree"));
        assertEquals(Optional.empty(), JnaNativeLibrary.install(tree, supervisor, List.of("lib/jna-platform-5.17.0.jar",
                "lib/picocli-4.7.7.jar")));
        assertTrue(Files.notExists(tree.resolve("usr/lib/twinroot/native")));

        jar(dir.resolve("lib/jna-5.17.0.jar"), "com/sun/jna/linux-x86-64/libjnidispatch.so", new byte[] {1});
        ImageException e = assertThrows(ImageException.class,
                () -> JnaNativeLibrary.install(tree, supervisor, List.of("lib/jna-5.17.0.jar")));
        assertTrue(e.getMessage().contains("has no com/sun/jna/linux-aarch64/libjnidispatch.so"), e.getMessage());
    }

    /** The JNA the supervisor is built with carries an aarch64 ELF shared object at that entry. */
    @Test
    void theJnaWeBuildWithHasAnArm64SharedObjectThere() throws Exception {
        Path jna = Path.of(com.sun.jna.Native.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (ZipFile zip = new ZipFile(jna.toFile())) {
            ZipEntry entry = zip.getEntry(JnaNativeLibrary.ENTRY);
            assertTrue(entry != null, jna + " lacks " + JnaNativeLibrary.ENTRY);
            try (InputStream in = zip.getInputStream(entry)) {
                ByteBuffer elf = ByteBuffer.wrap(in.readNBytes(20)).order(ByteOrder.LITTLE_ENDIAN);
                assertEquals(0x464c457f, elf.getInt(0), "ELF magic");
                assertEquals(2, elf.get(4), "64-bit");
                assertEquals(3, elf.getShort(16), "a shared object (ET_DYN)");
                assertEquals(183, elf.getShort(18), "EM_AARCH64");
            }
        }
    }

    private static void jar(Path jar, String entry, byte[] content) throws IOException {
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        }
    }
}
