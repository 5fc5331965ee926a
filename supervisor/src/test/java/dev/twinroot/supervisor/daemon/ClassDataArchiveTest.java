package dev.twinroot.supervisor.daemon;

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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive made with this machine's real {@code java}, then mapped by a JVM that must use it. */
class ClassDataArchiveTest {

    private static final String HELLO = Hello.class.getName().replace('.', '/');

    @TempDir
    Path dir;

    private Path jar;
    private Path name;

    /** The application class the archive must carry. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello from Hello");
        }
    }

    @BeforeEach
    void aJarAndAClassList() throws IOException {
        Assumptions.assumeTrue(ClassDataArchive.JAVA.isPresent(), "no java on the PATH");
        jar = dir.resolve("app.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out);
             InputStream cls = Hello.class.getResourceAsStream("/" + HELLO + ".class")) {
            j.putNextEntry(new JarEntry(HELLO + ".class"));
            cls.transferTo(j);
            j.closeEntry();
        }
        Path classData = Files.createDirectories(dir.resolve("class-data"));
        name = classData.resolve("0123456789abcdef-17.0");
        // As -XX:DumpLoadedClassList leaves it while the JVM still runs: the last line half written.
        Files.writeString(sibling(".classlist"), "java/lang/Object\njava/util/ArrayList\n" + HELLO + "\njava/util/Hash");
        // The listing start's options: those of that one run must not reach the dump.
        Files.writeString(sibling(".options"), "-XX:+UseSerialGC\n-Xmx48m\n-XX:DumpLoadedClassList=" + sibling(".classlist")
                + "\n-D" + ClassDataArchive.PROPERTY + "=" + name + "\n-Xshare:auto\n");
    }

    @Test
    void theArchiveIsMadeFromTheListAndTheNextJvmMapsTheApplicationClassFromIt() throws IOException {
        ClassDataArchive archive = new ClassDataArchive(name, ClassDataArchive.JAVA, jar.toString(), 0);

        String said = archive.make().orElseThrow();

        assertTrue(said.startsWith("class-data archive made: " + sibling(".jsa")), said);
        assertTrue(Files.isRegularFile(sibling(".jsa")));
        for (String gone : List.of(".classlist", ".options", ".classlist.complete", ".jsa.tmp")) {
            assertFalse(Files.exists(sibling(gone)), gone + " left behind");
        }
        // -Xshare:on: the JVM refuses to start rather than run without the archive.
        ExternalTool.Result run = ClassDataArchive.JAVA.run(List.of("-XX:+UseSerialGC", "-Xmx48m", "-Xshare:on",
                "-XX:SharedArchiveFile=" + sibling(".jsa"), "-Xlog:class+load=info", "-cp", jar.toString(),
                Hello.class.getName()), Duration.ofMinutes(2));
        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("hello from Hello"), run.stdout());
        assertTrue(run.stdout().contains(Hello.class.getName() + " source: shared objects file"),
                "the application class did not come from the archive");

        assertEquals(Optional.empty(), archive.make(), "made twice");
    }

    @Test
    void filesOfOtherJarsAndRuntimesGoExceptTheNewestOtherArchive() throws IOException {
        Path classData = name.getParent();
        Path older = Files.writeString(classData.resolve("1111111111111111-17.0.jsa"), "old slot");
        Files.setLastModifiedTime(older, FileTime.fromMillis(1_000_000));
        Path otherSlot = Files.writeString(classData.resolve("2222222222222222-17.0.jsa"), "the other slot");
        Files.setLastModifiedTime(otherSlot, FileTime.fromMillis(2_000_000));
        Path staleList = Files.writeString(classData.resolve("3333333333333333-17.0.classlist"), "java/lang/Object\n");
        Path unrelated = Files.writeString(classData.resolve("README"), "kept");

        new ClassDataArchive(name, ClassDataArchive.JAVA, jar.toString(), 0).make();

        assertFalse(Files.exists(older));
        assertFalse(Files.exists(staleList));
        assertTrue(Files.exists(otherSlot));
        assertTrue(Files.exists(unrelated));
    }

    @Test
    void aFailedDumpLeavesNoArchiveAndKeepsTheListForTheNextTry() throws IOException {
        ExternalTool failing = new ExternalTool("false", "coreutils");
        Assumptions.assumeTrue(failing.isPresent(), "no false on the PATH");

        SupervisorException e = assertThrows(SupervisorException.class,
                () -> new ClassDataArchive(name, failing, jar.toString(), 0).make());

        assertTrue(e.getMessage().startsWith("making the class-data archive failed: java -Xshare:dump exited with 1"),
                e.getMessage());
        assertFalse(Files.exists(sibling(".jsa")));
        assertFalse(Files.exists(sibling(".jsa.tmp")));
        assertTrue(Files.exists(sibling(".classlist")));
    }

    @Test
    void withoutAListNothingIsMade() throws IOException {
        Files.delete(sibling(".classlist"));
        assertEquals(Optional.empty(), new ClassDataArchive(name, ClassDataArchive.JAVA, jar.toString(), 0).make());
        assertFalse(Files.exists(sibling(".jsa")));
    }

    @Test
    void aDataPartitionShortOfSpaceGetsNoArchive() throws IOException {
        Optional<String> said = new ClassDataArchive(name, ClassDataArchive.JAVA, jar.toString(), Long.MAX_VALUE).make();

        assertTrue(said.orElseThrow().startsWith("no class-data archive made: "), said.toString());
        assertFalse(Files.exists(sibling(".jsa")));
        assertTrue(Files.exists(sibling(".classlist")));
    }

    @Test
    void onlyCompleteLinesOfTheListAreKept() {
        assertArrayEquals(bytes("a\nb\n"), ClassDataArchive.completeLines(bytes("a\nb\nc")));
        assertArrayEquals(bytes("a\n"), ClassDataArchive.completeLines(bytes("a\n")));
        assertArrayEquals(new byte[0], ClassDataArchive.completeLines(bytes("half")));
        assertArrayEquals(new byte[0], ClassDataArchive.completeLines(new byte[0]));
    }

    private Path sibling(String extension) {
        return name.resolveSibling(name.getFileName() + extension);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
