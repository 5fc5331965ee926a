package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GitIgnore against the examples the layer needs and against git itself ({@code git check-ignore --no-index}). */
class GitIgnoreTest {
    private static final List<String> NAMES = List.of("a", "lib", "x.jar");

    @TempDir
    Path dir;

    @Test
    void theSupervisorsBuiltDirectory() {
        GitIgnore ignore = GitIgnore.parse("# built\n/twinroot-supervisor/\n");
        assertTrue(ignore.ignores("twinroot-supervisor/twinroot-supervisor.jar", false));
        assertTrue(ignore.ignores("twinroot-supervisor/lib/NAME.jar", false));
        assertTrue(ignore.ignores("twinroot-supervisor", true));
        assertFalse(ignore.ignores("twinroot-supervisor", false), "a directory pattern does not name a file");
        assertFalse(ignore.ignores("x/twinroot-supervisor/lib/NAME.jar", false), "anchored to the .gitignore");
        assertFalse(ignore.ignores("twinroot-supervisor.service", false));
    }

    @Test
    void onlyTheJarLeavesTheLibrariesIn() {
        GitIgnore ignore = GitIgnore.parse("twinroot-supervisor/twinroot-supervisor.jar\n");
        assertTrue(ignore.ignores("twinroot-supervisor/twinroot-supervisor.jar", false));
        assertFalse(ignore.ignores("twinroot-supervisor/lib/NAME.jar", false));
    }

    @Test
    void globsAreNeverTakenForIgnoring() {
        assertFalse(GitIgnore.parse("*.jar\n").ignores("twinroot-supervisor.jar", false));
        assertFalse(GitIgnore.parse("twinroot-supervisor.jar\n!*.jar\n").ignores("twinroot-supervisor.jar", false));
        assertTrue(GitIgnore.parse("!*.jar\ntwinroot-supervisor.jar\n").ignores("twinroot-supervisor.jar", false));
    }

    @Test
    void anyTextNeverThrows() {
        Random random = new Random(0x9171);
        String alphabet = "ab/!#*?[]\\ \n\t.";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(60); c > 0; c--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            GitIgnore ignore = GitIgnore.parse(text.toString());
            ignore.ignores(path(random), random.nextBoolean());
        }
    }

    /** Literal patterns: exactly git's answer, for every path of up to three segments, as file and as directory. */
    @Test
    void literalPatternsAgreeWithGit() throws IOException, InterruptedException {
        Random random = new Random(0x61d);
        for (int i = 0; i < 150; i++) {
            String text = gitignore(random, false);
            Set<String> git = gitIgnored(text);
            GitIgnore ignore = GitIgnore.parse(text);
            for (String query : queries()) {
                boolean directory = query.endsWith("/");
                boolean ours = ignore.ignores(directory ? query.substring(0, query.length() - 1) : query, directory);
                assertEquals(git.contains(query), ours, () -> query + " with .gitignore:\n" + text);
            }
        }
    }

    /** With globs, which it does not read: never ignored where git would keep the file. */
    @Test
    void withGlobsNeverIgnoresWhatGitKeeps() throws IOException, InterruptedException {
        Random random = new Random(0x61e);
        for (int i = 0; i < 150; i++) {
            String text = gitignore(random, true);
            Set<String> git = gitIgnored(text);
            GitIgnore ignore = GitIgnore.parse(text);
            for (String query : queries()) {
                boolean directory = query.endsWith("/");
                if (ignore.ignores(directory ? query.substring(0, query.length() - 1) : query, directory)) {
                    assertTrue(git.contains(query), () -> query + " is not ignored by git with .gitignore:\n" + text);
                }
            }
        }
    }

    private static String path(Random random) {
        List<String> parts = new ArrayList<>();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            parts.add(NAMES.get(random.nextInt(NAMES.size())));
        }
        return String.join("/", parts);
    }

    private static String gitignore(Random random, boolean globs) {
        List<String> tokens = new ArrayList<>(NAMES);
        if (globs) {
            tokens.addAll(List.of("*", "*.jar", "l?b", "**"));
        }
        StringBuilder text = new StringBuilder();
        for (int n = 1 + random.nextInt(5); n > 0; n--) {
            if (random.nextInt(10) == 0) {
                text.append("# a comment\n\n");
            }
            String line = tokens.get(random.nextInt(tokens.size()));
            if (random.nextInt(3) == 0) {
                line += "/" + tokens.get(random.nextInt(tokens.size()));
            }
            if (random.nextInt(3) == 0) {
                line = "/" + line;
            }
            if (random.nextInt(3) == 0) {
                line += "/";
            }
            if (random.nextInt(4) == 0) {
                line = "!" + line;
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** Every path of one to three segments of NAMES, as a file and as a directory (trailing '/'). */
    private static List<String> queries() {
        List<String> out = new ArrayList<>();
        List<String> level = List.of("");
        for (int depth = 0; depth < 3; depth++) {
            List<String> next = new ArrayList<>();
            for (String prefix : level) {
                for (String name : NAMES) {
                    next.add(prefix.isEmpty() ? name : prefix + "/" + name);
                }
            }
            next.forEach(p -> {
                out.add(p);
                out.add(p + "/");
            });
            level = next;
        }
        return out;
    }

    /** The queries git check-ignore reports as ignored by {@code text}, in a repository of its own without user config. */
    private Set<String> gitIgnored(String text) throws IOException, InterruptedException {
        Path repo = dir.resolve("repo");
        if (!Files.isDirectory(repo.resolve(".git"))) {
            Files.createDirectories(repo);
            run(repo, List.of("git", "init", "-q", "."), "");
        }
        Files.writeString(repo.resolve(".gitignore"), text, StandardCharsets.UTF_8);
        String out = run(repo, List.of("git", "check-ignore", "--no-index", "--stdin"),
                String.join("\n", queries()) + "\n");
        return new TreeSet<>(out.lines().toList());
    }

    private static String run(Path cwd, List<String> command, String input) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
        pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        Process p = pb.start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        // check-ignore exits 1 when nothing is ignored
        assertTrue(rc == 0 || rc == 1 && command.contains("check-ignore"), () -> command + " exited " + rc + ": " + err);
        return out;
    }
}
