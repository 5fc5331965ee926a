package dev.twinroot.supervisor.agent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The running system's version, from {@code /etc/os-release} in the booted slot: {@code IMAGE_VERSION} (the
 * field os-release defines for image-based systems), else {@code VERSION_ID}.
 */
public final class OsRelease {

    private OsRelease() {
    }

    public static Optional<String> version(Path osRelease) throws IOException {
        if (!Files.exists(osRelease)) {
            return Optional.empty();
        }
        return version(Files.readString(osRelease, StandardCharsets.UTF_8));
    }

    static Optional<String> version(String text) {
        Optional<String> image = field(text, "IMAGE_VERSION");
        return image.isPresent() ? image : field(text, "VERSION_ID");
    }

    private static Optional<String> field(String text, String name) {
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.startsWith(name + "=")) {
                String v = l.substring(name.length() + 1);
                if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? Optional.empty() : Optional.of(v);
            }
        }
        return Optional.empty();
    }
}
