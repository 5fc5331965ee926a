package dev.twinroot.supervisor.daemon;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.SupervisorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The JVM's class-data archive of the daemon (AppCDS), made on the device: a start that maps its classes from
 * the archive skips reading, parsing and verifying them from the jar, about a third of the daemon's way to its
 * commit under emulation. JDK 17 cannot make the archive byte for byte the same twice, so it cannot be part of a
 * reproducible slot image; the device makes its own, from the classes its daemon really loads.
 *
 * <p>The start script ({@code supervisor-run}) names the files by the jar's SHA-256 and the runtime's version:
 * {@code NAME.jsa}, mapped when it exists; otherwise the start lists the classes it loads into
 * {@code NAME.classlist} ({@code -XX:DumpLoadedClassList}) and writes its JVM options, one per line, to
 * {@code NAME.options}, and passes {@code NAME} in the system property {@value #PROPERTY}. Some minutes after
 * the assessment, this class makes {@code NAME.jsa} from the list with the same options
 * ({@code java -Xshare:dump}), written whole or not at all. Files of other names (other jars, other runtimes) are
 * deleted, except the newest other archive: the other slot's, for the boot that falls back to it.
 */
final class ClassDataArchive {

    static final String PROPERTY = "twinroot.classData";
    static final ExternalTool JAVA = new ExternalTool("java", "openjdk-17-jre-headless");
    /** The dump runs at the lowest CPU priority (busybox has nice too). */
    static final ExternalTool NICE = new ExternalTool("nice", "coreutils");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);
    /** Options that belong to one run, not to the archive's compatibility. */
    private static final List<String> NOT_FOR_THE_DUMP = List.of("-XX:DumpLoadedClassList=", "-XX:SharedArchiveFile=",
            "-XX:SharedClassListFile=", "-Xshare:", "-Xlog", "-D" + PROPERTY + "=", "-agentlib", "-javaagent");

    /** Free space the data partition must have for an archive to be made: the applications' data comes first. */
    static final long MIN_FREE_BYTES = 96L << 20;

    private final Path name;
    private final ExternalTool java;
    private final String classPath;
    private final long minFreeBytes;

    /** @param name the files' path without their extension, as the start script chose it */
    ClassDataArchive(Path name, ExternalTool java, String classPath, long minFreeBytes) {
        this.name = name;
        this.java = java;
        this.classPath = classPath;
        this.minFreeBytes = minFreeBytes;
    }

    /** The archive this JVM's start script asked for, if it did. */
    static Optional<ClassDataArchive> forThisJvm() {
        String name = System.getProperty(PROPERTY, "");
        String classPath = System.getProperty("java.class.path", "");
        if (name.isEmpty() || classPath.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClassDataArchive(Path.of(name), JAVA, classPath, MIN_FREE_BYTES));
    }

    Path archive() {
        return sibling(".jsa");
    }

    /**
     * Makes the archive unless it exists or no start listed its classes; says so when it made one. A failed dump
     * leaves no archive and keeps the list, so a later start tries again.
     */
    Optional<String> make() throws IOException {
        Path archive = archive();
        Path list = sibling(".classlist");
        if (Files.exists(archive)) {
            removeOthers();
            return Optional.empty();
        }
        if (!Files.exists(list)) {
            return Optional.empty();
        }
        long free = Files.getFileStore(list).getUsableSpace();
        if (free < minFreeBytes) {
            return Optional.of("no class-data archive made: " + free + " bytes free on " + list.getParent()
                    + ", less than the " + minFreeBytes + " it leaves room for (the archive takes about 18 MB)");
        }
        Path complete = sibling(".classlist.complete");
        Path temp = sibling(".jsa.tmp");
        Files.deleteIfExists(temp);
        // The running JVM still appends to the list: its last line may be half written.
        Files.write(complete, completeLines(Files.readAllBytes(list)));
        List<String> args = new ArrayList<>(options());
        args.addAll(List.of("-Xshare:dump", "-XX:SharedClassListFile=" + complete, "-XX:SharedArchiveFile=" + temp,
                "-cp", classPath));
        try {
            ExternalTool.Result r = NICE.isPresent()
                    ? NICE.run(concat(List.of("-n", "19", java.require().toString()), args), TIMEOUT)
                    : java.run(args, TIMEOUT);
            if (!r.succeeded() || !Files.isRegularFile(temp)) {
                throw new SupervisorException("making the class-data archive failed: java -Xshare:dump exited with "
                        + r.exitCode() + ": " + lastLine(r.stdout() + r.stderr()));
            }
            AtomicFiles.syncFile(temp);
            Files.move(temp, archive, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(archive.getParent());
        } finally {
            Files.deleteIfExists(temp);
            Files.deleteIfExists(complete);
        }
        Files.deleteIfExists(list);
        Files.deleteIfExists(sibling(".options"));
        removeOthers();
        return Optional.of("class-data archive made: " + archive + " (" + Files.size(archive) + " bytes)");
    }

    /** The options the listing start ran with, less those of that one run. */
    private List<String> options() throws IOException {
        Path file = sibling(".options");
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                .filter(o -> !o.isEmpty() && NOT_FOR_THE_DUMP.stream().noneMatch(o::startsWith)).toList();
    }

    static byte[] completeLines(byte[] list) {
        int end = list.length;
        while (end > 0 && list[end - 1] != '\n') {
            end--;
        }
        return Arrays.copyOf(list, end);
    }

    /** Deletes the files of other names, keeping the newest other archive. */
    private void removeOthers() throws IOException {
        String own = name.getFileName().toString();
        List<Path> otherArchives = new ArrayList<>();
        List<Path> otherFiles = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(name.toAbsolutePath().getParent())) {
            for (Path p : entries) {
                String f = p.getFileName().toString();
                if (f.startsWith(own + ".")) {
                    continue;
                }
                if (f.endsWith(".jsa")) {
                    otherArchives.add(p);
                } else if (f.endsWith(".jsa.tmp") || f.endsWith(".classlist") || f.endsWith(".classlist.complete")
                        || f.endsWith(".options")) {
                    otherFiles.add(p);
                }
            }
        }
        otherArchives.sort(Comparator.comparing(ClassDataArchive::modified).reversed());
        if (!otherArchives.isEmpty()) {
            otherFiles.addAll(otherArchives.subList(1, otherArchives.size()));
        }
        for (Path p : otherFiles) {
            Files.deleteIfExists(p);
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private Path sibling(String extension) {
        return name.resolveSibling(name.getFileName() + extension);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String lastLine(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}
