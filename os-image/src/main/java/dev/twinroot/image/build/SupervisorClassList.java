package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * The class list the image ships beside the supervisor jar ({@value #PATH}): the classes {@code twinrootctl} and an
 * install load (picocli, the JDK's HTTP client, Bouncy Castle's CMS, the delta applier, JNA), which the daemon's
 * own start does not. The device's {@code class-data make} adds it to the daemon's start list, so that the
 * class-data archive holds them too and neither a {@code twinrootctl} command nor an install in the daemon reads
 * and verifies them from the jars: under emulation each cost seconds (docs/benchmarks.md, session 10).
 *
 * <p>Made as the JDK makes its default list: the jar's own training program
 * ({@code dev.twinroot.supervisor.classdata.ClassListTraining}) runs on the build host with
 * {@code -XX:DumpLoadedClassList}, in a scratch directory. Kept: named classes only (no lambda, proxy or hidden
 * classes, no {@code @} lines, none of the training's own HTTP server), sorted, each once, so the list, and the
 * image, are the same for the same jar on the same JDK. A name the device's JDK does not have is skipped there
 * with a warning by {@code -Xshare:dump}.
 */
final class SupervisorClassList {

    static final String PATH = DeviceFiles.SUPERVISOR_DIR + "/twinroot-supervisor.classlist";
    static final String TRAINING = "dev.twinroot.supervisor.classdata.ClassListTraining";
    private static final long TIMEOUT_SECONDS = 300;
    private static final List<String> LEFT_OUT = List.of("com/sun/net/httpserver/", "sun/net/httpserver/",
            "jdk/proxy", "com/sun/proxy/", "dev/twinroot/supervisor/classdata/ClassListTraining");

    private SupervisorClassList() {
    }

    /** The list's text, or empty when {@code jar} has no training program (a jar built before it existed). */
    static Optional<String> train(Path jar, Path scratch) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            if (file.getEntry(TRAINING.replace('.', '/') + ".class") == null) {
                return Optional.empty();
            }
        }
        Path work = Files.createDirectories(scratch).resolve("training");
        Path raw = scratch.resolve("training.classlist");
        run(jar, List.of(), "prepare", work);
        run(jar, List.of("-XX:DumpLoadedClassList=" + raw), "exercise", work);
        TreeSet<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(raw, StandardCharsets.UTF_8)) {
            if (keep(line)) {
                names.add(line);
            }
        }
        StringBuilder text = new StringBuilder("# Classes of twinrootctl and of an install, listed by "
                + TRAINING + " on the build host;\n# class-data make adds them to the daemon's start list.\n");
        names.forEach(n -> text.append(n).append('\n'));
        return Optional.of(text.toString());
    }

    static boolean keep(String line) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("@") || line.contains(" ")
                || line.contains("$$Lambda") || line.contains("/$Proxy")) {
            return false;
        }
        return LEFT_OUT.stream().noneMatch(line::startsWith);
    }

    private static void run(Path jar, List<String> options, String step, Path work) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:+UseSerialGC");
        command.addAll(options);
        command.addAll(List.of("-cp", jar.toString(), TRAINING, step, work.toString()));
        Path log = work.resolveSibling("training-" + step + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ImageException("the supervisor's class-list training (" + step + ") did not end within "
                        + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ImageException("interrupted during the supervisor's class-list training");
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String last = lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("no output");
            throw new ImageException("the supervisor's class-list training (" + step + ") failed with exit status "
                    + p.exitValue() + ": " + last + " (whole output: " + log + ")");
        }
    }
}
