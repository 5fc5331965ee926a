package dev.twinroot.yocto;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether one {@code .gitignore} keeps a path below its directory out of git, for the literal patterns the layer
 * uses: {@code name} (a file or directory of that name at any depth), {@code /name} and {@code dir/name}
 * (relative to the .gitignore), a trailing {@code /} for directories only, {@code !} to take a path back in, the
 * last matching line deciding. As in git, a path is ignored when one of its parent directories is, and no later
 * {@code !} line takes back in what lies below an ignored directory.
 *
 * <p>Not understood: lines with {@code *}, {@code ?}, {@code [} or {@code \}. As an ignore line such a line
 * matches nothing, as a {@code !} line it matches everything, so a .gitignore this cannot read leaves a built
 * file reported as not ignored, never the other way round.
 */
final class GitIgnore {
    private record Line(boolean negated, boolean understood, boolean directoryOnly, boolean anchored, String path) {
    }

    private final List<Line> lines;

    private GitIgnore(List<Line> lines) {
        this.lines = List.copyOf(lines);
    }

    static GitIgnore parse(String text) {
        List<Line> lines = new ArrayList<>();
        for (String raw : text.lines().toList()) {
            String p = raw.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            boolean negated = p.startsWith("!");
            if (negated) {
                p = p.substring(1);
            }
            boolean understood = !p.matches(".*[*?\\[\\\\].*");
            boolean directoryOnly = p.endsWith("/");
            p = p.replaceAll("/+$", "");
            boolean anchored = p.contains("/");
            p = p.replaceAll("^/+", "");
            if (p.isEmpty()) {
                continue;
            }
            lines.add(new Line(negated, understood, directoryOnly, anchored, p));
        }
        return new GitIgnore(lines);
    }

    /**
     * @param path relative to the .gitignore's directory, '/'-separated, without leading or trailing '/'
     * @param directory whether {@code path} itself is a directory
     */
    boolean ignores(String path, boolean directory) {
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(parts[i]);
            boolean isDirectory = i < parts.length - 1 || directory;
            if (ignoredItself(prefix.toString(), parts[i], isDirectory)) {
                return true;
            }
        }
        return false;
    }

    private boolean ignoredItself(String path, String name, boolean directory) {
        boolean ignored = false;
        for (Line line : lines) {
            boolean matches;
            if (!line.understood()) {
                matches = line.negated();
            } else {
                matches = (directory || !line.directoryOnly())
                        && (line.anchored() ? path.equals(line.path()) : name.equals(line.path()));
            }
            if (matches) {
                ignored = !line.negated();
            }
        }
        return ignored;
    }
}
