package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image's {@code class-data} script, run for real by the host's busybox against a tree laid out as a slot (its
 * {@code TWINROOT_ROOT}), with the host's Java runtime standing in for the slot's: the archive it makes must be
 * one a JVM really maps.
 */
class ClassDataScriptTest {

    private static final String HELLO = Hello.class.getName().replace('.', '/');

    @TempDir
    Path root;

    private Path script;
    private Path jar;

    /** The application class the archive must carry. */
    public static final class Hello {
        public static void main(String[] args) {
            System.out.println("hello from Hello");
        }
    }

    @BeforeEach
    void aSlotTree() throws Exception {
        Path hostJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Assumptions.assumeTrue(Files.isExecutable(hostJava), "no java at " + hostJava);
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/busybox")) || Files.isExecutable(Path.of("/usr/bin/busybox")),
                "busybox (busybox-static) is not installed: scripts/setup-host installs it");
        script = root.resolve("class-data");
        Files.write(script, InitScripts.CLASS_DATA.bytes());
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createSymbolicLink(root.resolve("usr/bin/java"), hostJava);
        // As the image lays the supervisor out: the jar names its libraries in its manifest's Class-Path, and the
        // class the archive must carry is in one of them.
        jar = Files.createDirectories(root.resolve("usr/lib/twinroot")).resolve("twinroot-supervisor.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/hello.jar");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Hello.class.getName());
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.putNextEntry(new JarEntry("README"));
            j.closeEntry();
        }
        Path library = Files.createDirectories(jar.resolveSibling("lib")).resolve("hello.jar");
        try (OutputStream out = Files.newOutputStream(library); JarOutputStream j = new JarOutputStream(out);
             InputStream cls = Hello.class.getResourceAsStream("/" + HELLO + ".class")) {
            j.putNextEntry(new JarEntry(HELLO + ".class"));
            cls.transferTo(j);
            j.closeEntry();
        }
        String sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        Files.writeString(root.resolve("usr/lib/twinroot/twinroot-supervisor.jar.sha256"), sum + "\n");
        Files.write(root.resolve("usr/lib/twinroot/late-c2.options"), InitScripts.LATE_C2_OPTIONS.bytes());
        Files.createDirectories(root.resolve("etc/twinroot"));
        Files.writeString(root.resolve("etc/twinroot/supervisor.jvm-options"), "-Xmx48m -Xss512k\n-XX:MaxRAM=512m\n");
    }

    @Test
    void theNameCarriesTheJarsSha256AndTheRuntimesVersion() throws Exception {
        Run r = run("name");

        String sum = Files.readString(root.resolve("usr/lib/twinroot/twinroot-supervisor.jar.sha256")).substring(0, 16);
        String runtime = System.getProperty("java.runtime.version");
        assertEquals(0, r.status, r.stderr);
        assertEquals(root + "/data/twinroot/class-data/" + sum + "-" + runtime + "\n", r.stdout);
    }

    @Test
    void aSlotWithoutTheJarsSha256HasNoName() throws Exception {
        Files.delete(root.resolve("usr/lib/twinroot/twinroot-supervisor.jar.sha256"));

        Run r = run("name");

        assertEquals(1, r.status);
        assertEquals("class-data: no /usr/lib/twinroot/twinroot-supervisor.jar.sha256 next to the jar\n", r.stderr);
    }

    @Test
    void theOptionsAreTheSerialCollectorThenC2HeldBackThenTheImagesOneWordPerLine() throws Exception {
        Run r = run("options");

        List<String> expected = new ArrayList<>(List.of("-XX:+UseSerialGC"));
        expected.addAll(InitScripts.LATE_C2_OPTIONS.text().lines().toList());
        expected.addAll(List.of("-Xmx48m", "-Xss512k", "-XX:MaxRAM=512m"));
        assertEquals(0, r.status, r.stderr);
        assertEquals(expected, r.stdout.lines().toList());
    }

    @Test
    void jnasNativeLibraryFromTheImageIsNamedWhenTheImageHasIt() throws Exception {
        Path nativeDir = Files.createDirectories(root.resolve("usr/lib/twinroot/native"));
        Files.writeString(nativeDir.resolve("libjnidispatch.so"), "ELF");
        Run r = run("options");

        assertEquals(0, r.status, r.stderr);
        List<String> options = r.stdout.lines().toList();
        assertEquals(List.of("-XX:+UseSerialGC", "-Djna.boot.library.path=" + nativeDir), options.subList(0, 2));
        assertEquals(List.of("-Xmx48m", "-Xss512k", "-XX:MaxRAM=512m"), options.subList(options.size() - 3,
                options.size()));
    }

    @Test
    void makeWritesAnArchiveAJvmMapsAndThenLeavesItAlone() throws Exception {
        Path list = root.resolve("daemon.classlist");
        Files.writeString(list, "java/lang/Object\njava/util/ArrayList\n" + HELLO + "\n");
        String base = run("name").stdout.strip();

        Run made = run("make", list.toString());

        Path archive = Path.of(base + ".jsa");
        assertEquals(0, made.status, made.stderr);
        assertEquals(archive + "\n", made.stdout);
        assertTrue(Files.isRegularFile(archive));
        assertFalse(Files.exists(Path.of(base + ".jsa.tmp")) || Files.exists(Path.of(base + ".dump.log")),
                "no temporary file left");
        // Hello comes from the library the jar's Class-Path names.
        Run mapped = helloWith(archive);
        assertTrue(mapped.stdout.contains(Hello.class.getName() + " source: shared objects file"), mapped.stdout);

        long before = Files.getLastModifiedTime(archive).toMillis();
        Run again = run("make", list.toString());
        assertEquals(0, again.status, again.stderr);
        assertEquals(archive + "\n", again.stdout);
        assertEquals(before, Files.getLastModifiedTime(archive).toMillis(), "an existing archive is not made again");
    }

    @Test
    void theListTheImageShipsIsArchivedWithTheDaemons() throws Exception {
        Path list = root.resolve("daemon.classlist");
        Files.writeString(list, "java/lang/Object\njava/util/ArrayList\n");
        Files.writeString(root.resolve("usr/lib/twinroot/twinroot-supervisor.classlist"),
                "# the commands' classes\n" + HELLO + "\njava/util/ArrayList\nno/such/Class\n");
        String base = run("name").stdout.strip();

        Run made = run("make", list.toString());

        Path archive = Path.of(base + ".jsa");
        assertEquals(0, made.status, made.stderr);
        assertFalse(Files.exists(Path.of(base + ".classlist.all")), "the joined list is not left behind");
        Run mapped = helloWith(archive);
        assertTrue(mapped.stdout.contains(Hello.class.getName() + " source: shared objects file"),
                "a class only the shipped list names: " + mapped.stdout);
    }

    /**
     * Runs Hello with the daemon's options and {@code archive}, logging where each class came from; -Xshare:on:
     * the JVM refuses to start rather than run without the archive.
     */
    private Run helloWith(Path archive) throws Exception {
        List<String> java = new ArrayList<>(List.of(root.resolve("usr/bin/java").toString()));
        java.addAll(run("options").stdout.lines().toList());
        java.addAll(List.of("-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-cp",
                jar.toString(), Hello.class.getName()));
        Run mapped = exec(java);
        assertEquals(0, mapped.status, mapped.stderr);
        return mapped;
    }

    /** twinrootctl maps the daemon's archive when the device has made one, and runs without it otherwise. */
    @Test
    void twinrootctlMapsTheDaemonsArchiveOnceThereIsOne() throws Exception {
        Path bin = Files.createDirectories(root.resolve("usr/bin"));
        Files.write(bin.resolve("twinrootctl"), InitScripts.TWINROOTCTL.bytes());
        Files.write(root.resolve("usr/lib/twinroot/class-data"), InitScripts.CLASS_DATA.bytes());
        Files.setPosixFilePermissions(root.resolve("usr/lib/twinroot/class-data"),
                PosixFilePermissions.fromString("rwxr-xr-x"));
        Path list = root.resolve("daemon.classlist");
        Files.writeString(list, "java/lang/Object\n" + HELLO + "\n");

        Run before = twinrootctl("status");
        assertEquals(0, before.status, before.stderr);
        assertTrue(before.stdout.contains("hello from Hello"), before.stdout);
        assertTrue(before.stdout.contains(Hello.class.getName() + " source: file:"), "from the jar: " + before.stdout);

        assertEquals(0, run("make", list.toString()).status);
        Run after = twinrootctl("status");
        assertEquals(0, after.status, after.stderr);
        assertTrue(after.stdout.contains(Hello.class.getName() + " source: shared objects file"), after.stdout);

        // A damaged archive: the JVM says nothing and loads from the jars.
        Files.writeString(Path.of(run("name").stdout.strip() + ".jsa"), "not an archive");
        Run damaged = twinrootctl("status");
        assertEquals(0, damaged.status, damaged.stderr);
        assertTrue(damaged.stdout.contains(Hello.class.getName() + " source: file:"), damaged.stdout);
    }

    /** The image's twinrootctl run in the tree, the JVM logging where each class came from. */
    private Run twinrootctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("busybox", "sh", root.resolve("usr/bin/twinrootctl").toString()));
        command.addAll(List.of(args));
        return exec(command, "-Xlog:class+load=info");
    }

    @Test
    void aFailedDumpLeavesNoArchiveAndSaysWhy() throws Exception {
        Files.writeString(root.resolve("etc/twinroot/supervisor.jvm-options"), "-XX:+NoSuchOptionAnywhere\n");
        Path list = root.resolve("daemon.classlist");
        Files.writeString(list, HELLO + "\n");
        String base = run("name").stdout.strip();

        Run r = run("make", list.toString());

        assertEquals(1, r.status);
        assertTrue(r.stderr.startsWith("class-data: java -Xshare:dump failed: "), r.stderr);
        assertTrue(r.stderr.contains("NoSuchOptionAnywhere"), r.stderr);
        for (String left : List.of(".jsa", ".jsa.tmp", ".dump.log")) {
            assertFalse(Files.exists(Path.of(base + left)), left + " left behind");
        }
    }

    @Test
    void makeNeedsAClassList() throws Exception {
        Run r = run("make", root.resolve("nowhere.classlist").toString());

        assertEquals(1, r.status);
        assertEquals("class-data: no class list at " + root.resolve("nowhere.classlist") + "\n", r.stderr);
        assertEquals(2, run("make").status, "usage");
        assertEquals(2, run("sing").status, "usage");
    }

    private record Run(int status, String stdout, String stderr) {}

    private Run run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("busybox", "sh", script.toString()));
        command.addAll(List.of(args));
        return exec(command);
    }

    private Run exec(List<String> command) throws IOException, InterruptedException {
        return exec(command, null);
    }

    private Run exec(List<String> command, String javaToolOptions) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("TWINROOT_ROOT", root.toString());
        if (javaToolOptions != null) {
            pb.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        }
        Path out = Files.createTempFile(root, "out", ".txt");
        Path err = Files.createTempFile(root, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not end within 3 minutes");
        }
        Run r = new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
        Files.delete(out);
        Files.delete(err);
        return r;
    }
}
