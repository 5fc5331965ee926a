package dev.twinroot.supervisor.apps.target;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.JsonFields;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image named by digest, {@code [registry/]repository@sha256:...}: a tag could change under the device, a
 * digest cannot. Without a registry the image must be loaded from an image archive (a bundle); the first path
 * component is a registry when it has a dot or a port or is {@code localhost}, as Docker decides.
 */
public record ImageRef(Optional<String> registry, String repository, Digest digest) {

    static final int MAX_LENGTH = 255;
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252}[A-Za-z0-9])?(:[0-9]{1,5})?");
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*){0,7}");

    public static ImageRef parse(String text, String at) throws AppsFormatException {
        if (text.length() > MAX_LENGTH) {
            throw new AppsFormatException(at + ": at most " + MAX_LENGTH + " characters, found " + text.length());
        }
        int atSign = text.indexOf('@');
        if (atSign < 0) {
            throw new AppsFormatException(at + ": expected NAME@sha256:DIGEST (images are pinned by digest), found "
                    + JsonFields.quoted(text));
        }
        Digest digest = Digest.parse(text.substring(atSign + 1), at);
        String name = text.substring(0, atSign);
        Optional<String> registry = Optional.empty();
        int slash = name.indexOf('/');
        if (slash > 0) {
            String first = name.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!REGISTRY.matcher(first).matches()) {
                    throw new AppsFormatException(at + ": not a registry host[:port]: " + JsonFields.quoted(first));
                }
                registry = Optional.of(first);
                name = name.substring(slash + 1);
            }
        }
        if (!REPOSITORY.matcher(name).matches()) {
            throw new AppsFormatException(at + ": not a repository name (lowercase components separated by /): "
                    + JsonFields.quoted(name));
        }
        return new ImageRef(registry, name, digest);
    }

    @Override
    public String toString() {
        return registry.map(r -> r + "/").orElse("") + repository + "@" + digest;
    }
}
