package dev.twinroot.yocto;

import dev.twinroot.image.build.ImageLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The supervisor recipe ships what {@code mvn -pl supervisor -am package} leaves in {@code supervisor/target}, the
 * way {@code twinroot image build} does: it fetches the copy of it, the directory {@code files/twinroot-supervisor} with
 * {@code twinroot-supervisor.jar} and {@code lib/*.jar}, which git ignores; {@code do_install} puts the jar at
 * {@link ImageLayout#SUPERVISOR_JAR} and every library jar into {@link ImageLayout#SUPERVISOR_LIBRARIES}, the
 * {@code lib/} the jar's manifest {@code Class-Path} names; and {@code FILES:${PN}} lists both. The checks read
 * {@code ${libdir}} as {@value #LIBDIR} (no multilib on the layer's machines) and {@code ${WORKDIR}} as where
 * {@code do_unpack} copied the fetched directory to.
 */
final class SupervisorChecks {
    /** The directory below the recipe's {@code files/} holding the copy of Maven's output. */
    static final String BUILT_DIR = "twinroot-supervisor";
    static final String LIBDIR = "/usr/lib";
    private static final String JAR_DIR = ImageLayout.SUPERVISOR_JAR.substring(0,
            ImageLayout.SUPERVISOR_JAR.lastIndexOf('/'));
    private static final String JAR = ImageLayout.SUPERVISOR_JAR.substring(JAR_DIR.length() + 1);
    /** The libraries' directory relative to the jar's, as the manifest's Class-Path names it: {@code lib}. */
    private static final String LIB = ImageLayout.SUPERVISOR_LIBRARIES.substring(JAR_DIR.length() + 1);
    /** Stands for any library jar in the checks of .gitignore and FILES. */
    private static final String SOME_LIBRARY = "NAME.jar";

    private final LayerFiles layer;
    private final List<Finding> findings;

    SupervisorChecks(LayerFiles layer, List<Finding> findings) {
        this.layer = layer;
        this.findings = findings;
    }

    void check() throws IOException {
        List<String> recipes = layer.metadata().keySet().stream().filter(f -> f.startsWith(RecipeChecks.SUPERVISOR_RECIPE)
                && f.endsWith(".bb")).toList();
        if (recipes.size() != 1) {
            return; // supervisor-pv reports it
        }
        String recipe = recipes.get(0);
        RecipeSyntax.Parsed parsed = layer.metadata().get(recipe);
        fetched(recipe, parsed);
        installed(recipe, parsed);
        packaged(recipe, parsed);
    }

    /** SRC_URI fetches the whole copied directory, and git ignores it where it is copied to. */
    private void fetched(String recipe, RecipeSyntax.Parsed parsed) throws IOException {
        List<String> uris = RecipeChecks.words(parsed, "SRC_URI");
        if (!uris.contains("file://" + BUILT_DIR) && !uris.contains("file://" + BUILT_DIR + "/")) {
            findings.add(new Finding(recipe, line(parsed, "SRC_URI"), "supervisor-install", "SRC_URI must fetch file://"
                    + BUILT_DIR + ", the directory with the copy of supervisor/target's " + JAR + " and " + LIB + "/, found " + uris));
        }
        String dir = recipe.substring(0, recipe.lastIndexOf('/') + 1);
        List<String> searchDirs = RecipeChecks.searchDirs(recipe, dir, parsed);
        for (String built : List.of(BUILT_DIR + "/" + JAR, BUILT_DIR + "/" + LIB + "/" + SOME_LIBRARY)) {
            if (!RecipeChecks.gitIgnored(layer, searchDirs, built, false)) {
                findings.add(new Finding(recipe, 0, "jar-not-ignored", built + " is built by Maven and copied in: list /"
                        + BUILT_DIR + "/ in the .gitignore of " + dir + "files/ so no jar of it is ever committed"));
            }
        }
    }

    /** do_install installs the jar and every library jar where twinroot image build puts them. */
    private void installed(String recipe, RecipeSyntax.Parsed parsed) {
        Optional<RecipeSyntax.Function> install = parsed.function("do_install");
        if (install.isEmpty()) {
            findings.add(new Finding(recipe, 0, "supervisor-install", "no do_install, so neither " + JAR + " nor "
                    + LIB + "/ is installed"));
            return;
        }
        int line = install.get().line();
        List<Install> lines = install.get().body().stream().map(Install::parse).flatMap(Optional::stream).toList();
        String jarSource = BUILT_DIR + "/" + JAR;
        if (lines.stream().noneMatch(i -> !i.directories() && i.sources().contains(jarSource)
                && (i.target().equals(ImageLayout.SUPERVISOR_JAR) || i.target().equals(JAR_DIR)))) {
            findings.add(new Finding(recipe, line, "supervisor-install", "do_install must install ${WORKDIR}/"
                    + jarSource + " as ${D}${libdir}" + device(ImageLayout.SUPERVISOR_JAR)));
        }
        String libSource = BUILT_DIR + "/" + LIB + "/*.jar";
        if (lines.stream().noneMatch(i -> i.directories() && i.sources().contains(ImageLayout.SUPERVISOR_LIBRARIES))) {
            findings.add(new Finding(recipe, line, "supervisor-install", "do_install must create ${D}${libdir}"
                    + device(ImageLayout.SUPERVISOR_LIBRARIES) + " (install -d) for the library jars"));
        }
        if (lines.stream().noneMatch(i -> !i.directories() && i.sources().contains(libSource)
                && i.target().equals(ImageLayout.SUPERVISOR_LIBRARIES))) {
            findings.add(new Finding(recipe, line, "supervisor-install", "do_install must install ${WORKDIR}/"
                    + libSource + " into ${D}${libdir}" + device(ImageLayout.SUPERVISOR_LIBRARIES)
                    + "/, where the jar's manifest Class-Path (" + LIB + "/NAME.jar) finds them"));
        }
    }

    /** FILES:${PN} holds the jar and the library jars, so the package ships what do_install put there. */
    private void packaged(String recipe, RecipeSyntax.Parsed parsed) {
        List<String> files = RecipeChecks.wordsFor(parsed, "FILES", "${PN}");
        String library = ImageLayout.SUPERVISOR_LIBRARIES + "/" + SOME_LIBRARY;
        for (String path : List.of(ImageLayout.SUPERVISOR_JAR, library)) {
            if (files.stream().noneMatch(f -> covers(f, path))) {
                String want = path.equals(library) ? ImageLayout.SUPERVISOR_LIBRARIES + "/*.jar" : path;
                findings.add(new Finding(recipe, line(parsed, "FILES"), "supervisor-files", "FILES:${PN} must list"
                        + " ${libdir}" + device(want) + " (" + want + "), found " + files));
            }
        }
    }

    /**
     * Whether the FILES entry packages {@code path}: as BitBake does, the entry is a glob ({@code *} and {@code ?}
     * within one path segment) and a directory it matches is packaged with everything below it.
     */
    static boolean covers(String entry, String path) {
        if (!entry.startsWith("${libdir}/")) {
            return false;
        }
        String glob = LIBDIR + entry.substring("${libdir}".length()).replaceAll("/+$", "");
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(switch (c) {
                case '*' -> "[^/]*";
                case '?' -> "[^/]";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        Pattern pattern = Pattern.compile(regex.toString());
        for (int slash = path.indexOf('/', 1); ; slash = path.indexOf('/', slash + 1)) {
            if (pattern.matcher(slash < 0 ? path : path.substring(0, slash)).matches()) {
                return true;
            }
            if (slash < 0) {
                return false;
            }
        }
    }

    /** A path on the device without {@value #LIBDIR}, as it follows {@code ${libdir}} in the recipe. */
    private static String device(String path) {
        return path.startsWith(LIBDIR + "/") ? path.substring(LIBDIR.length()) : path;
    }

    private static int line(RecipeSyntax.Parsed parsed, String variable) {
        return parsed.all(variable).stream().map(Assignment::line).findFirst().orElse(0);
    }

    /**
     * One {@code install} command of do_install, its paths resolved: below {@code ${D}} as device paths with
     * {@code ${libdir}} = {@value #LIBDIR}, below {@code ${WORKDIR}/} relative to it, others as written.
     *
     * @param directories {@code install -d}: every operand is a directory to create (in {@code sources})
     * @param target the last operand (or {@code -t}'s), empty with {@code -d}
     */
    record Install(boolean directories, List<String> sources, String target) {
        private static final List<String> SHELL_OPERATORS = List.of("&&", "||", ";", "|", "&", ">", ">>", "<");

        static Optional<Install> parse(String line) {
            String[] words = line.strip().split("\\s+");
            if (!words[0].equals("install")) {
                return Optional.empty();
            }
            boolean directories = false;
            String target = null;
            List<String> operands = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                String w = words[i];
                if (SHELL_OPERATORS.contains(w)) {
                    break; // the command ends here
                } else if (List.of("-m", "-o", "-g").contains(w)) {
                    i++;
                } else if (w.equals("-t") && i + 1 < words.length) {
                    target = resolve(words[++i]);
                } else if (w.equals("-d")) {
                    directories = true;
                } else if (!w.startsWith("-")) {
                    operands.add(resolve(w));
                }
            }
            if (directories) {
                return Optional.of(new Install(true, operands, ""));
            }
            if (target == null && !operands.isEmpty()) {
                target = operands.remove(operands.size() - 1);
            }
            return target == null ? Optional.empty() : Optional.of(new Install(false, operands, target));
        }

        private static String resolve(String quoted) {
            String word = quoted.replaceAll("^[\"']|[\"']$", "");
            if (word.startsWith("${D}")) {
                String path = word.substring("${D}".length()).replaceAll("/+$", "");
                return path.startsWith("${libdir}") ? LIBDIR + path.substring("${libdir}".length()) : path;
            }
            if (word.startsWith("${WORKDIR}/")) {
                return word.substring("${WORKDIR}/".length());
            }
            return word;
        }
    }
}
