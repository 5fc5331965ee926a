package dev.twinroot.supervisor.apps.image;

import static dev.twinroot.supervisor.apps.JsonFields.object;
import static dev.twinroot.supervisor.apps.JsonFields.onlyKnown;
import static dev.twinroot.supervisor.apps.JsonFields.plain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.twinroot.supervisor.apps.AppsException;
import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.JsonFields;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The user names and passwords the device gives registries' token services, from a file only root may read
 * ({@code {"registries": {"registry.example.com": {"username": "...", "password": "..."}}}}). A file that
 * someone else owns or that group or others may read is refused, not used: a secret that leaked is worse than
 * a pull that fails with a clear message.
 */
public final class RegistryCredentials {

    static final int MAX_BYTES = 64 * 1024;
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]{1,253}(:[0-9]{1,5})?");

    private final Map<String, String> basic;

    private RegistryCredentials(Map<String, String> basic) {
        this.basic = Map.copyOf(basic);
    }

    public static RegistryCredentials none() {
        return new RegistryCredentials(Map.of());
    }

    /** Reads {@code file}, checking first that root owns it and nobody else may read or write it. */
    public static RegistryCredentials load(Path file) throws IOException {
        try {
            int uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || uid != 0 || (mode & 077) != 0) {
                throw new AppsException(file + ": registry credentials must be a regular file owned by root with mode"
                        + " 0600 or 0400, found owner " + uid + " mode " + Integer.toOctalString(mode & 07777));
            }
        } catch (NoSuchFileException e) {
            throw new AppsException(file + ": no such file (registry credentials)");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new AppsFormatException(file + ": " + size + " bytes, at most " + MAX_BYTES);
        }
        return parse(Files.readAllBytes(file), file.toString());
    }

    static RegistryCredentials parse(byte[] bytes, String what) throws AppsFormatException {
        JsonNode root = object(JsonFields.tree(bytes, MAX_BYTES, what), what);
        onlyKnown(root, what, Set.of("registries"));
        JsonNode registries = object(root.get("registries"), what + ": registries");
        Map<String, String> basic = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = registries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = what + ": registries." + JsonFields.quoted(e.getKey());
            if (!REGISTRY.matcher(e.getKey()).matches()) {
                throw new AppsFormatException(at + ": expected host or host:port");
            }
            JsonNode entry = object(e.getValue(), at);
            onlyKnown(entry, at, Set.of("username", "password"));
            String user = plain(entry.get("username"), at + ".username", 256);
            String password = plain(entry.get("password"), at + ".password", 4096);
            if (user.isEmpty() || user.indexOf(':') >= 0 || user.chars().anyMatch(c -> c < 0x20)
                    || password.chars().anyMatch(c -> c < 0x20)) {
                throw new AppsFormatException(at + ": username must be non-empty without ':' and neither may hold"
                        + " control characters");
            }
            basic.put(e.getKey(), Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        return new RegistryCredentials(basic);
    }

    /** The {@code Authorization: Basic} value for {@code registry}, if the file names it. */
    Optional<String> basicAuthorization(String registry) {
        return Optional.ofNullable(basic.get(registry)).map(b -> "Basic " + b);
    }
}
