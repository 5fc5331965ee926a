package dev.twinroot.supervisor.classdata;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.SupervisorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The JVM's class-data archive of the running daemon (AppCDS), made on the device: a start that maps its classes
 * from the archive skips reading, parsing and verifying them from the jar, most of the daemon's way to its commit
 * under emulation. JDK 17 cannot make the archive byte for byte the same twice, so it cannot be part of a
 * reproducible slot image; the device makes its own, from the classes its daemon really loads.
 *
 * <p>The image's {@code class-data} script names the files by the jar's SHA-256 and the runtime's version
 * ({@code NAME}); {@code supervisor-run} maps {@code NAME.jsa} when it exists, otherwise lists the classes the
 * start loads into {@code NAME.classlist}, and passes {@code NAME} in the system property {@value #PROPERTY}.
 * When the assessment ends, the daemon keeps the list so far as {@code NAME.classlist.start}
 * ({@link #keepStartList}): archives hold the classes of the way to the commit, not those the update agent loads
 * later (TLS, HTTP, the installer), which would make the archive half as big again and its making slower. Normally
 * the install that brought the jar made the archive ({@link NextSlotClassData}); when it could not (a first
 * boot, an image written by other means), this class makes it some minutes after the commit with the same script
 * ({@code class-data make}), which writes it whole or not at all.
 */
public final class ClassDataArchive {

    public static final String PROPERTY = "twinroot.classData";
    /** The image's script that names and makes archives (os-image's {@code class-data.sh}). */
    static final Path SCRIPT = Path.of("/usr/lib/twinroot/class-data");
    /** The dump runs at the lowest CPU priority (busybox has nice too). */
    static final ExternalTool NICE = new ExternalTool("nice", "coreutils");
    private static final Duration TIMEOUT = Duration.ofMinutes(20);

    /** Free space the data partition must have for an archive to be made: the applications' data comes first. */
    static final long MIN_FREE_BYTES = 96L << 20;

    private final Path name;
    private final Path script;
    private final long minFreeBytes;

    /** @param name the files' path without their extension, as the start script chose it */
    ClassDataArchive(Path name, Path script, long minFreeBytes) {
        this.name = name;
        this.script = script;
        this.minFreeBytes = minFreeBytes;
    }

    /** The archive this JVM's start script asked for, if it did. */
    public static Optional<ClassDataArchive> forThisJvm() {
        String name = System.getProperty(PROPERTY, "");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ClassDataArchive(Path.of(name), SCRIPT, MIN_FREE_BYTES));
    }

    Path archive() {
        return sibling(".jsa");
    }

    /**
     * Keeps the classes this start loaded so far (complete lines of {@code NAME.classlist}, which the JVM goes on
     * writing) as {@code NAME.classlist.start}; nothing when this start did not list (it mapped an archive).
     */
    public void keepStartList() throws IOException {
        Path list = sibling(".classlist");
        if (!Files.exists(archive()) && Files.exists(list)) {
            Path start = sibling(".classlist.start");
            Path temp = sibling(".classlist.complete");
            ClassDataFiles.copyCompleteLines(list, temp);
            Files.move(temp, start, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Makes the archive unless it exists or no start kept its list; says so when it made one. A failed dump
     * leaves no archive and the list, so a later start tries again.
     */
    public Optional<String> make() throws IOException {
        Path archive = archive();
        Path list = sibling(".classlist.start");
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
        ExternalTool.Result r = NICE.run(List.of("-n", "19", script.toString(), "make", list.toString()), TIMEOUT);
        if (!r.succeeded() || !Files.isRegularFile(archive)) {
            throw new SupervisorException("making the class-data archive failed: " + script + " make exited with "
                    + r.exitCode() + ": " + lastLine(r.stderr() + r.stdout()));
        }
        removeOthers();
        return Optional.of("class-data archive made: " + archive + " (" + Files.size(archive) + " bytes)");
    }

    /** Deletes the files of other names, keeping the newest other archive. */
    private void removeOthers() throws IOException {
        ClassDataFiles.removeAllBut(name.toAbsolutePath().getParent(), Set.of(name.getFileName().toString()), true);
    }

    private Path sibling(String extension) {
        return name.resolveSibling(name.getFileName() + extension);
    }

    static String lastLine(String output) {
        List<String> lines = output.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
    }
}
