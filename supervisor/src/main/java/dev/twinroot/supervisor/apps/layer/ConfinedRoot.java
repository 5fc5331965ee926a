package dev.twinroot.supervisor.apps.layer;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves paths inside a root filesystem as the container will see them: symbolic links are followed with the
 * root as {@code /}, and {@code ..} stops at the root, so no path resolved here can name a host file outside it
 * (the rule of Go's securejoin, which runc uses for mount points). An image may legitimately hold
 * {@code lib -> usr/lib} or {@code /bin/sh -> /bin/busybox}; writing through such links stays inside.
 */
final class ConfinedRoot {

    static final int MAX_LINKS = 40;
    private final Path root;

    ConfinedRoot(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    /**
     * The host directory for {@code dir}, following links inside the root and creating missing directories
     * (layers often omit the entries of parent directories).
     */
    Path directory(EntryName dir, String what) throws IOException {
        Deque<String> todo = new ArrayDeque<>(dir.components());
        List<String> at = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String c = todo.removeFirst();
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                if (!at.isEmpty()) {
                    at.remove(at.size() - 1);
                }
                continue;
            }
            Path p = host(at).resolve(c);
            if (Files.isSymbolicLink(p)) {
                if (++links > MAX_LINKS) {
                    throw new AppsFormatException(what + ": more than " + MAX_LINKS + " symbolic links in " + dir);
                }
                String target = Files.readSymbolicLink(p).toString();
                List<String> next = new ArrayList<>(List.of(target.split("/")));
                if (target.startsWith("/")) {
                    at.clear();
                }
                for (int i = next.size() - 1; i >= 0; i--) {
                    todo.addFirst(next.get(i));
                }
                continue;
            }
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new AppsFormatException(what + ": " + dir + " is not a directory in the layers below");
            }
            at.add(c);
        }
        return host(at);
    }

    private Path host(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /**
     * Whether a relative symlink target, read from the link's own directory, climbs above the root. Absolute
     * targets never do: the runtime reads them with the root as {@code /}.
     */
    static boolean escapes(EntryName link, String target) {
        if (target.startsWith("/")) {
            return false;
        }
        int depth = link.components().size() - 1;
        for (String c : target.split("/")) {
            if (c.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!c.isEmpty() && !c.equals(".")) {
                depth++;
            }
        }
        return false;
    }
}
