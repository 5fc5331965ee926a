package dev.twinroot.supervisor.classdata;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The class-data directory ({@code /data/twinroot/class-data}): files named by a jar's SHA-256 and a runtime's
 * version ({@code NAME}), with the extensions below. Two slots, so at most two names are worth keeping.
 */
final class ClassDataFiles {

    /** What {@code NAME} may be followed by: the archive, the class list, and what making them leaves behind. */
    private static final List<String> EXTENSIONS = List.of(".jsa", ".jsa.tmp", ".classlist", ".classlist.complete",
            ".classlist.next", ".classlist.start", ".options", ".dump.log");
    /** The first 16 hex digits of the jar's SHA-256, a dash, the runtime's version. */
    private static final Pattern NAME = Pattern.compile("[0-9a-f]{16}-[A-Za-z0-9.+_-]+");

    private ClassDataFiles() {
    }

    /** The name a file of the directory belongs to, if it is one of its files at all. */
    static Optional<String> nameOf(Path file) {
        String f = file.getFileName().toString();
        return EXTENSIONS.stream().filter(f::endsWith).findFirst()
                .map(e -> f.substring(0, f.length() - e.length())).filter(n -> NAME.matcher(n).matches());
    }

    /**
     * The newest start list of the directory ({@code NAME.classlist.start}, the classes a daemon's start loaded
     * up to the end of its assessment): the one the running jar's archive was made from (by the install that
     * brought it, which keeps the list), or the list of its first start.
     */
    static Optional<Path> newestStartList(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> lists = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.classlist.start")) {
            entries.forEach(lists::add);
        }
        return lists.stream().filter(p -> nameOf(p).isPresent()).max(Comparator.comparingLong(ClassDataFiles::modified));
    }

    /**
     * Deletes the files of every name but {@code keep}'s; with {@code newestOtherArchive}, the newest archive of
     * another name stays too (the other slot's, for a boot that falls back to it).
     */
    static void removeAllBut(Path dir, Set<String> keep, boolean newestOtherArchive) throws IOException {
        List<Path> otherArchives = new ArrayList<>();
        List<Path> otherFiles = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                Optional<String> name = nameOf(p);
                if (name.isEmpty() || keep.contains(name.get())) {
                    continue;
                }
                (p.getFileName().toString().endsWith(".jsa") ? otherArchives : otherFiles).add(p);
            }
        }
        otherArchives.sort(Comparator.comparingLong(ClassDataFiles::modified).reversed());
        if (newestOtherArchive && !otherArchives.isEmpty()) {
            otherArchives.remove(0);
        }
        otherFiles.addAll(otherArchives);
        for (Path p : otherFiles) {
            Files.deleteIfExists(p);
        }
    }

    /**
     * A copy of {@code list} as far as its last complete line: the JVM writing a list appends to it as long as it
     * runs, so its last line may be half written.
     */
    static void copyCompleteLines(Path list, Path copy) throws IOException {
        Files.write(copy, completeLines(Files.readAllBytes(list)));
    }

    static byte[] completeLines(byte[] list) {
        int end = list.length;
        while (end > 0 && list[end - 1] != '\n') {
            end--;
        }
        return Arrays.copyOf(list, end);
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
