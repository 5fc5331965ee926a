package dev.twinroot.supervisor.classdata;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.SupervisorException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive made by the image's real {@code class-data} script (os-image's resource, run by the host's busybox
 * against a tree laid out as a slot) with this machine's Java runtime, then mapped by a JVM that must use it.
 */
class ClassDataArchiveTest {

    /** The image's script, in the os-image module next to this one. */
    static final Path IMAGE_SCRIPT = Path.of("../os-image/src/main/resources/dev/twinroot/image/class-data.sh");
    private static final String HELLO = Hello.class.getName().replace('.', '/');

    @TempDir
    Path dir;

    private Path root;
    private Path script;
    private Path jar;
    private Path name;

    /** The application class the archive must carry. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello from Hello");
        }
    }

    @BeforeEach
    void aSlotTreeAndAClassList() throws IOException, NoSuchAlgorithmException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(java), "no java at " + java);
        Assumptions.assumeTrue(new ExternalTool("busybox", "busybox-static").isPresent(),
                "busybox is not installed (scripts/setup-host installs busybox-static)");
        assertTrue(Files.isRegularFile(IMAGE_SCRIPT), IMAGE_SCRIPT.toAbsolutePath() + " is missing");
        root = dir.resolve("slot");
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("usr/bin/java"), java);
        jar = Files.createDirectories(root.resolve("usr/lib/twinroot")).resolve("twinroot-supervisor.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             InputStream cls = Hello.class.getResourceAsStream("/" + HELLO + ".class")) {
            j.putNextEntry(new JarEntry(HELLO + ".class"));
            cls.transferTo(j);
            j.closeEntry();
        }
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        Files.writeString(root.resolve("usr/lib/twinroot/twinroot-supervisor.jar.sha256"), sum + "\n");
        Files.createDirectories(root.resolve("etc/twinroot"));
        Files.writeString(root.resolve("etc/twinroot/supervisor.jvm-options"), "-Xmx48m\n");
        // The script as the device runs it, with the tree as its root.
        script = dir.resolve("class-data");
        Files.writeString(script, "#!/bin/sh\nTWINROOT_ROOT='" + root + "' exec busybox sh '"
                + IMAGE_SCRIPT.toAbsolutePath() + "' \"$@\"\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        name = root.resolve("data/twinroot/class-data/" + sum.substring(0, 16) + "-"
                + System.getProperty("java.runtime.version"));
        Files.createDirectories(name.getParent());
        // As -XX:DumpLoadedClassList leaves it while the JVM still runs: the last line half written.
        Files.writeString(sibling(".classlist"), "java/lang/Object\njava/util/ArrayList\n" + HELLO + "\njava/util/Hash");
    }

    @Test
    void theArchiveIsMadeFromTheStartListAndTheNextJvmMapsTheApplicationClassFromIt() throws IOException {
        ClassDataArchive archive = new ClassDataArchive(name, script, 0);

        archive.keepStartList();
        String said = archive.make().orElseThrow();

        assertEquals("java/lang/Object\njava/util/ArrayList\n" + HELLO + "\n", Files.readString(sibling(".classlist.start")),
                "the complete lines of the list at the end of the assessment");
        assertTrue(said.startsWith("class-data archive made: " + sibling(".jsa")), said);
        assertTrue(Files.isRegularFile(sibling(".jsa")));
        assertTrue(Files.exists(sibling(".classlist.start")), "the list stays: an install makes the next slot's from it");
        for (String gone : List.of(".classlist.complete", ".jsa.tmp")) {
            assertFalse(Files.exists(sibling(gone)), gone + " left behind");
        }
        // -Xshare:on: the JVM refuses to start rather than run without the archive.
        ExternalTool.Result run = new ExternalTool("java", "openjdk-17-jre-headless").run(List.of(
                "-XX:+UseSerialGC", "-Xmx48m", "-Xshare:on", "-XX:SharedArchiveFile=" + sibling(".jsa"),
                "-Xlog:class+load=info", "-cp", jar.toString(), Hello.class.getName()), Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("hello from Hello"), run.stdout());
        assertTrue(run.stdout().contains(Hello.class.getName() + " source: shared objects file"),
                "the application class did not come from the archive");

        assertEquals(Optional.empty(), archive.make(), "made twice");
    }

    @Test
    void aStartThatMappedAnArchiveKeepsNoList() throws IOException {
        Files.writeString(sibling(".jsa"), "an archive this start mapped");

        new ClassDataArchive(name, script, 0).keepStartList();

        assertFalse(Files.exists(sibling(".classlist.start")));
    }

    @Test
    void filesOfOtherJarsAndRuntimesGoExceptTheNewestOtherArchive() throws IOException {
        Path classData = name.getParent();
        Path older = Files.writeString(classData.resolve("1111111111111111-17.0.jsa"), "old slot");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Path otherSlot = Files.writeString(classData.resolve("2222222222222222-17.0.jsa"), "the other slot");
        Files.setLastModifiedTime(otherSlot, FileTime.fromMillis(2_000_000));
        Path staleList = Files.writeString(classData.resolve("3333333333333333-17.0.classlist"), "java/lang/Object\n");
        Path staleOptions = Files.writeString(classData.resolve("3333333333333333-17.0.options"), "-Xmx48m\n");
        Path unrelated = Files.writeString(classData.resolve("README"), "kept");

        ClassDataArchive archive = new ClassDataArchive(name, script, 0);
        archive.keepStartList();
        archive.make();

        assertFalse(Files.exists(older));
        assertFalse(Files.exists(staleList));
        assertFalse(Files.exists(staleOptions), "what earlier images wrote goes too");
        assertTrue(Files.exists(otherSlot));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void aFailedDumpLeavesNoArchiveAndKeepsTheListForTheNextTry() throws IOException {
        Files.writeString(root.resolve("etc/twinroot/supervisor.jvm-options"), "-XX:+NoSuchOptionAnywhere\n");

        ClassDataArchive archive = new ClassDataArchive(name, script, 0);
        archive.keepStartList();
        SupervisorException e = assertThrows(SupervisorException.class, archive::make);

        assertTrue(e.getMessage().startsWith("making the class-data archive failed: " + script + " make exited with 1: "
                + "class-data: java -Xshare:dump failed: "), e.getMessage());
        assertFalse(Files.exists(sibling(".jsa")));
        assertFalse(Files.exists(sibling(".jsa.tmp")));
        assertTrue(Files.exists(sibling(".classlist.start")));
    }

    @Test
    void withoutAListNothingIsMade() throws IOException {
        Files.delete(sibling(".classlist"));
        ClassDataArchive archive = new ClassDataArchive(name, script, 0);
        archive.keepStartList();
        assertEquals(Optional.empty(), archive.make());
        assertFalse(Files.exists(sibling(".jsa")));
    }

    @Test
    void aDataPartitionShortOfSpaceGetsNoArchive() throws IOException {
        ClassDataArchive archive = new ClassDataArchive(name, script, Long.MAX_VALUE);
        archive.keepStartList();
        Optional<String> said = archive.make();

        assertTrue(said.orElseThrow().startsWith("no class-data archive made: "), said.toString());
        assertFalse(Files.exists(sibling(".jsa")));
        assertTrue(Files.exists(sibling(".classlist.start")));
    }

    @Test
    void onlyCompleteLinesOfTheListAreKept() {
        assertArrayEquals(bytes("a\nb\n"), ClassDataFiles.completeLines(bytes("a\nb\nc")));
        assertArrayEquals(bytes("a\n"), ClassDataFiles.completeLines(bytes("a\n")));
        assertArrayEquals(new byte[0], ClassDataFiles.completeLines(bytes("half")));
        assertArrayEquals(new byte[0], ClassDataFiles.completeLines(new byte[0]));
    }

    @Test
    void onlyFilesNamedByAJarAndARuntimeBelongToTheDirectory() {
        assertEquals(Optional.of("58ac105734c24f3d-17.0.21.1+2-1-deb12u1-Debian"),
                ClassDataFiles.nameOf(Path.of("58ac105734c24f3d-17.0.21.1+2-1-deb12u1-Debian.jsa")));
        assertEquals(Optional.of("58ac105734c24f3d-17.0"), ClassDataFiles.nameOf(Path.of("58ac105734c24f3d-17.0.classlist.next")));
        assertEquals(Optional.empty(), ClassDataFiles.nameOf(Path.of("README")));
        assertEquals(Optional.empty(), ClassDataFiles.nameOf(Path.of("notes.jsa")));
        assertEquals(Optional.empty(), ClassDataFiles.nameOf(Path.of("58AC105734C24F3D-17.jsa")));
    }

    private Path sibling(String extension) {
        return name.resolveSibling(name.getFileName() + extension);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
