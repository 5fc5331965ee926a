package dev.twinroot.yocto;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks of the layer's recipes that need no layout: layer.conf's fields, every {@code file://} present for
 * every machine the recipe builds for (or kept out of git by a .gitignore there: built and copied in), jars fetched
 * with {@code unpack=0} and git-ignored, systemd units present, listed and installed, and the supervisor recipe's PV
 * equal to the Maven project version.
 */
final class RecipeChecks {
    static final String COLLECTION = "twinroot";
    static final String SERIES = "scarthgap";
    static final List<String> LAYER_DEPENDS = List.of("core", "meta-openjdk-temurin");
    static final String SUPERVISOR_RECIPE = "recipes-twinroot/twinroot-supervisor/twinroot-supervisor_";

    private final LayerFiles layer;
    private final List<Finding> findings;

    RecipeChecks(LayerFiles layer, List<Finding> findings) {
        this.layer = layer;
        this.findings = findings;
    }

    void layerConf() {
        String file = "conf/layer.conf";
        RecipeSyntax.Parsed conf = layer.metadata().get(file);
        if (conf == null) {
            findings.add(new Finding(file, 0, "layer-conf", "the layer has no conf/layer.conf"));
            return;
        }
        requireWords(file, conf, "BBFILE_COLLECTIONS", List.of(COLLECTION));
        requireWords(file, conf, "BBFILE_PATTERN_" + COLLECTION, List.of());
        requireWords(file, conf, "BBFILES", List.of());
        requireWords(file, conf, "LAYERSERIES_COMPAT_" + COLLECTION, List.of(SERIES));
        requireWords(file, conf, "LAYERDEPENDS_" + COLLECTION, LAYER_DEPENDS);
        String priority = words(conf, "BBFILE_PRIORITY_" + COLLECTION).stream().findFirst().orElse("");
        if (!priority.matches("[0-9]{1,3}")) {
            findings.add(new Finding(file, 0, "layer-conf", "BBFILE_PRIORITY_" + COLLECTION
                    + ": expected a number, found '" + priority + "'"));
        }
    }

    private void requireWords(String file, RecipeSyntax.Parsed conf, String variable, List<String> words) {
        List<String> found = words(conf, variable);
        if (conf.all(variable).isEmpty()) {
            findings.add(new Finding(file, 0, "layer-conf", variable + " is not set"));
            return;
        }
        for (String w : words) {
            if (!found.contains(w)) {
                findings.add(new Finding(file, conf.all(variable).get(0).line(), "layer-conf", variable
                        + ": expected it to name '" + w + "', found " + found));
            }
        }
    }

    /** The words of every assignment to {@code variable} (any operator or override), in order. */
    static List<String> words(RecipeSyntax.Parsed parsed, String variable) {
        List<String> out = new ArrayList<>();
        for (Assignment a : parsed.all(variable)) {
            for (String w : a.value().strip().split("\\s+")) {
                if (!w.isEmpty()) {
                    out.add(w);
                }
            }
        }
        return out;
    }

    /**
     * The words {@code variable} holds for one machine: plain assignments, those overridden for that machine,
     * with {@code :remove} taking words out. Good enough for the layer's own simple uses, not a datastore.
     */
    static List<String> wordsFor(RecipeSyntax.Parsed parsed, String variable, String machine) {
        List<String> out = new ArrayList<>();
        for (Assignment a : parsed.all(variable)) {
            List<String> ops = a.overrides();
            List<String> machines = ops.stream().filter(o -> !List.of("append", "prepend", "remove").contains(o)).toList();
            if (!machines.isEmpty() && !machines.equals(List.of(machine))) {
                continue;
            }
            List<String> words = List.of(a.value().strip().split("\\s+"));
            if (ops.contains("remove")) {
                out.removeAll(words);
            } else {
                words.stream().filter(w -> !w.isEmpty()).forEach(out::add);
            }
        }
        return out;
    }

    void sourceFiles() throws IOException {
        for (Map.Entry<String, RecipeSyntax.Parsed> e : layer.metadata().entrySet()) {
            String recipe = e.getKey();
            if (!recipe.endsWith(".bb") && !recipe.endsWith(".bbappend")) {
                continue;
            }
            String dir = recipe.contains("/") ? recipe.substring(0, recipe.lastIndexOf('/') + 1) : "";
            List<String> searchDirs = searchDirs(recipe, dir, e.getValue());
            Set<String> machines = machines(recipe, e.getValue());
            for (Assignment a : e.getValue().all("SRC_URI")) {
                for (String uri : a.value().strip().split("\\s+")) {
                    if (uri.startsWith("file://")) {
                        checkFileUri(recipe, a.line(), dir, uri, searchDirs, machines);
                    }
                }
            }
        }
    }

    private void checkFileUri(String recipe, int line, String dir, String uri, List<String> searchDirs,
                              Set<String> machines) throws IOException {
        String[] parts = uri.substring("file://".length()).split(";", -1);
        String name = parts[0];
        Set<String> params = new LinkedHashSet<>(List.of(parts).subList(1, parts.length));
        // file://NAME/ is a directory, copied whole into WORKDIR.
        boolean directory = name.endsWith("/");
        String path = name.replaceAll("/+$", "");
        if (path.isEmpty() || path.contains("..") || path.startsWith("/") || path.contains("${")
                || path.contains("//")) {
            findings.add(new Finding(recipe, line, "file-uri", "expected a plain relative file:// path inside the"
                    + " layer, found '" + name + "'"));
            return;
        }
        if (path.endsWith(".jar")) {
            if (!params.contains("unpack=0")) {
                findings.add(new Finding(recipe, line, "jar-unpack", "file://" + name
                        + " must carry ;unpack=0 (the fetcher would otherwise unzip the jar), found " + params));
            }
            // The build copies the jar in; it must be ignored by git rather than present.
            if (!gitIgnored(layer, searchDirs, path, directory)) {
                findings.add(new Finding(recipe, line, "jar-not-ignored", "file://" + name + " is built by Maven and"
                        + " copied in: list it in the .gitignore of its files directory so it is never committed"));
            }
            return;
        }
        // What a .gitignore next to the recipe keeps out of git is copied in by the user (built), never committed.
        // Without a trailing '/' the URI may name a file or a directory.
        if (gitIgnored(layer, searchDirs, path, directory) || !directory && gitIgnored(layer, searchDirs, path, true)) {
            return;
        }
        for (String d : searchDirs) {
            if (present(d + path, directory)) {
                return;
            }
        }
        List<String> missing = new ArrayList<>();
        for (String machine : machines) {
            if (searchDirs.stream().noneMatch(d -> present(d + machine + "/" + path, directory))) {
                missing.add(machine);
            }
        }
        if (!missing.isEmpty()) {
            findings.add(new Finding(recipe, line, "missing-file", "file://" + name + " exists neither in "
                    + searchDirs + " nor in a machine directory there for " + missing
                    + (directory ? " (as a directory with files)" : "")));
        }
    }

    /** A file or a directory with files; only the latter when the URI ends in '/'. */
    private boolean present(String rel, boolean directory) {
        return layer.isDirectory(rel) || !directory && layer.exists(rel);
    }

    /**
     * Whether {@code path} (relative to one of {@code searchDirs}) is kept out of git by the {@code .gitignore} of
     * one of those directories ({@link GitIgnore}); .gitignore files higher up are not read.
     */
    static boolean gitIgnored(LayerFiles layer, List<String> searchDirs, String path, boolean directory)
            throws IOException {
        for (String d : searchDirs) {
            String ignore = d + ".gitignore";
            if (layer.exists(ignore)) {
                Optional<String> text = layer.text(ignore);
                if (text.isPresent() && GitIgnore.parse(text.get()).ignores(path, directory)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where BitBake looks for file:// (FILESPATH): ${BP}, ${BPN}, files, and FILESEXTRAPATHS below THISDIR. */
    static List<String> searchDirs(String recipe, String dir, RecipeSyntax.Parsed parsed) {
        List<String> dirs = new ArrayList<>();
        for (Assignment a : parsed.all("FILESEXTRAPATHS")) {
            for (String p : a.value().split(":")) {
                if (p.startsWith("${THISDIR}/")) {
                    dirs.add(dir + p.substring("${THISDIR}/".length()).replaceAll("/+$", "") + "/");
                }
            }
        }
        String base = recipe.substring(dir.length()).replaceAll("\\.bb(append)?$", "");
        String bpn = base.contains("_") ? base.substring(0, base.indexOf('_')) : base;
        dirs.add(dir + base.replace('_', '-') + "/");
        dirs.add(dir + bpn + "/");
        dirs.add(dir + "files/");
        return dirs;
    }

    /** The machines a recipe builds for: those its COMPATIBLE_MACHINE matches, else all supported ones. */
    private Set<String> machines(String recipe, RecipeSyntax.Parsed parsed) {
        Set<String> machines = new LinkedHashSet<>();
        List<Assignment> compatible = parsed.all("COMPATIBLE_MACHINE");
        for (LayerMachine m : LayerMachine.values()) {
            if (compatible.isEmpty()) {
                machines.add(m.yoctoName());
                continue;
            }
            try {
                if (Pattern.compile(compatible.get(0).value()).matcher(m.yoctoName()).find()) {
                    machines.add(m.yoctoName());
                }
            } catch (PatternSyntaxException ex) {
                findings.add(new Finding(recipe, compatible.get(0).line(), "compatible-machine",
                        "COMPATIBLE_MACHINE is not a regular expression: " + ex.getDescription()));
                return machines;
            }
        }
        return machines;
    }

    /** Every *.service in the layer is listed in a recipe's SYSTEMD_SERVICE, fetched and installed by it. */
    void serviceUnits() {
        Set<String> listed = new LinkedHashSet<>();
        for (Map.Entry<String, RecipeSyntax.Parsed> e : layer.metadata().entrySet()) {
            RecipeSyntax.Parsed r = e.getValue();
            for (Assignment a : r.all("SYSTEMD_SERVICE")) {
                for (String unit : a.value().strip().split("\\s+")) {
                    if (unit.isEmpty()) {
                        continue;
                    }
                    listed.add(unit);
                    if (!r.inherits().contains("systemd")) {
                        findings.add(new Finding(e.getKey(), a.line(), "service-unit", "lists " + unit
                                + " in SYSTEMD_SERVICE but does not inherit systemd"));
                    }
                    if (!words(r, "SRC_URI").contains("file://" + unit)) {
                        findings.add(new Finding(e.getKey(), a.line(), "service-unit", unit
                                + " is not fetched: expected file://" + unit + " in SRC_URI"));
                    }
                    boolean installed = r.function("do_install").map(f -> f.body().stream().anyMatch(
                            l -> l.strip().startsWith("install ") && l.contains(unit)
                                    && l.contains("${D}${systemd_system_unitdir}")))
                            .orElse(false);
                    if (!installed) {
                        findings.add(new Finding(e.getKey(), a.line(), "service-unit", "do_install does not install "
                                + unit + " into ${D}${systemd_system_unitdir}"));
                    }
                }
            }
        }
        for (String file : layer.all()) {
            String name = file.substring(file.lastIndexOf('/') + 1);
            if (name.endsWith(".service") && !listed.contains(name)) {
                findings.add(new Finding(file, 0, "service-unit", "no recipe lists " + name
                        + " in SYSTEMD_SERVICE, so it is never installed or enabled"));
            }
        }
    }

    /** The supervisor recipe's version is the Maven project version that built the jar it installs. */
    void supervisorVersion(String pomVersion) {
        List<String> recipes = layer.metadata().keySet().stream().filter(f -> f.startsWith(SUPERVISOR_RECIPE)
                && f.endsWith(".bb")).toList();
        if (recipes.size() != 1) {
            findings.add(new Finding(SUPERVISOR_RECIPE + "<version>.bb", 0, "supervisor-pv",
                    "expected exactly one supervisor recipe, found " + recipes.size()));
            return;
        }
        String recipe = recipes.get(0);
        String pv = recipe.substring(SUPERVISOR_RECIPE.length(), recipe.length() - ".bb".length());
        for (Assignment a : layer.metadata().get(recipe).all("PV")) {
            pv = a.value();
        }
        if (!pv.equals(pomVersion)) {
            findings.add(new Finding(recipe, 0, "supervisor-pv", "PV must equal the Maven project version "
                    + pomVersion + " (the jar it installs), found " + pv));
        }
    }
}
