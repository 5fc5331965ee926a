package dev.twinroot.supervisor.apps.layer;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.JsonFields;
import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry's path as components relative to the root filesystem. Refuses what no honest layer contains:
 * absolute paths, {@code ..} components, NUL, over-long names. {@code ./} prefixes and trailing slashes are
 * dropped; an empty list is the root itself.
 */
record EntryName(List<String> components) {

    static final int MAX_NAME = 4096;
    static final int MAX_COMPONENT = 255;

    EntryName {
        components = List.copyOf(components);
    }

    static EntryName parse(String name, String what) throws AppsFormatException {
        if (name.length() > MAX_NAME) {
            throw new AppsFormatException(what + ": name of " + name.length() + " characters, at most " + MAX_NAME);
        }
        if (name.indexOf('\0') >= 0) {
            throw new AppsFormatException(what + ": name contains NUL");
        }
        if (name.startsWith("/")) {
            throw new AppsFormatException(what + ": absolute path " + JsonFields.quoted(name) + " refused");
        }
        List<String> parts = new ArrayList<>();
        for (String c : name.split("/")) {
            if (c.isEmpty() || c.equals(".")) {
                continue;
            }
            if (c.equals("..")) {
                throw new AppsFormatException(what + ": path " + JsonFields.quoted(name) + " climbs out with ..");
            }
            if (c.length() > MAX_COMPONENT) {
                throw new AppsFormatException(what + ": a path component of " + c.length() + " characters, at most "
                        + MAX_COMPONENT);
            }
            parts.add(c);
        }
        return new EntryName(parts);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String last() {
        return components.get(components.size() - 1);
    }

    EntryName parent() {
        return new EntryName(components.subList(0, components.size() - 1));
    }

    @Override
    public String toString() {
        return String.join("/", components);
    }
}
