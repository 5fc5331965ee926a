package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves paths inside a rootfs tree the way they resolve on the device: symlinks are followed as if the
 * tree were {@code /}, so an absolute link such as {@code lib -> /usr/lib} stays inside the tree and
 * nothing an archive says can make us write outside it.
 */
final class TreePaths {
    /** Linux's own limit on symlinks followed while resolving one path. */
    private static final int MAX_LINKS = 40;

    private TreePaths() {
    }

    /**
     * The host path of {@code relative}'s parent directory chain resolved inside {@code root}, with the last
     * component appended unresolved (so the entry itself can be created or replaced).
     */
    static Path resolveParent(Path root, String relative) throws ImageException {
        Path clean = checkedRelative(relative);
        Path parent = clean.getParent();
        Path resolved = parent == null ? root : resolve(root, parent.toString(), 0);
        return resolved.resolve(clean.getFileName().toString());
    }

    /** {@code relative} resolved fully inside {@code root}, following every symlink in it. */
    static Path resolve(Path root, String relative, int linksSoFar) throws ImageException {
        Path current = root;
        int links = linksSoFar;
        Path parts = checkedRelative(relative);
        for (int i = 0; i < parts.getNameCount(); i++) {
            boolean last = i == parts.getNameCount() - 1;
            Path next = current.resolve(parts.getName(i).toString());
            if (Files.isSymbolicLink(next)) {
                if (++links > MAX_LINKS) {
                    throw new ImageException("rootfs path " + relative + ": more than " + MAX_LINKS + " symlinks");
                }
                String target;
                try {
                    target = Files.readSymbolicLink(next).toString();
                } catch (IOException e) {
                    throw new ImageException("rootfs path " + relative + ": cannot read symlink " + next, e);
                }
                Path base = target.startsWith("/") ? Path.of("") : root.relativize(current);
                Path joined = base.resolve(target.startsWith("/") ? target.substring(1) : target).normalize();
                String inside = joined.toString();
                if (inside.isEmpty()) {
                    next = root;
                } else if (inside.equals("..") || inside.startsWith("../")) {
                    next = root; // "/.." is "/" on the device.
                } else {
                    next = resolve(root, inside, links);
                }
            } else if (!last && Files.exists(next, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                throw new ImageException("rootfs path " + relative + ": " + root.relativize(next) + " is not a directory");
            }
            current = next;
        }
        return current;
    }

    /** A relative path without {@code ..}, {@code .} or empty components; a leading {@code ./} or {@code /} is dropped. */
    static Path checkedRelative(String name) throws ImageException {
        String trimmed = name;
        while (trimmed.startsWith("./") || trimmed.startsWith("/")) {
            trimmed = trimmed.substring(trimmed.startsWith("/") ? 1 : 2);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty() || trimmed.equals(".")) {
            throw new ImageException("rootfs path '" + name + "' names the root itself");
        }
        for (String part : trimmed.split("/")) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\0') >= 0) {
                throw new ImageException("rootfs path '" + name + "' has a '" + part + "' component");
            }
        }
        return Path.of(trimmed);
    }
}
