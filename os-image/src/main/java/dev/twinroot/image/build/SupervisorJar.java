package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * The supervisor as the Maven build leaves it: {@code twinroot-supervisor.jar} and the library jars its manifest's
 * {@code Class-Path} names, relative to it ({@code lib/NAME.jar}). The image copies them as they are, below
 * {@code /usr/lib/twinroot}, and names the whole by one digest ({@link #sha256()}), which names the device's
 * class-data archive: an archive made for other classes is never used.
 */
public final class SupervisorJar {
    /** A Class-Path entry the image accepts: a jar in {@code lib/}, no directories, links or URLs. */
    private static final Pattern LIBRARY = Pattern.compile("lib/[A-Za-z0-9][A-Za-z0-9._+-]*\\.jar");

    private final Path jar;
    private final List<String> libraries;

    private SupervisorJar(Path jar, List<String> libraries) {
        this.jar = jar;
        this.libraries = List.copyOf(libraries);
    }

    /** Reads {@code jar}'s manifest and checks every library it names is beside it. */
    public static SupervisorJar open(Path jar) throws ImageException {
        if (!Files.isRegularFile(jar)) {
            throw new ImageException("supervisor jar " + jar + " does not exist (build it with mvn -pl supervisor -am package)");
        }
        Manifest manifest;
        try (JarFile file = new JarFile(jar.toFile())) {
            manifest = file.getManifest();
        } catch (IOException e) {
            throw new ImageException("supervisor jar " + jar + " is not a readable jar: " + e.getMessage());
        }
        String classPath = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
        List<String> libraries = new ArrayList<>();
        for (String entry : classPath == null ? new String[0] : classPath.trim().split("\\s+")) {
            if (entry.isEmpty()) {
                continue;
            }
            if (!LIBRARY.matcher(entry).matches()) {
                throw new ImageException("supervisor jar " + jar + ": Class-Path entry '" + entry
                        + "' is not a jar in lib/ (lib/NAME.jar)");
            }
            Path library = jar.resolveSibling(entry);
            if (!Files.isRegularFile(library)) {
                throw new ImageException("supervisor jar " + jar + " needs " + library
                        + ", which is missing (mvn -pl supervisor -am package puts the libraries in target/lib)");
            }
            libraries.add(entry);
        }
        return new SupervisorJar(jar, libraries);
    }

    public Path jar() {
        return jar;
    }

    /** The manifest's Class-Path entries, in its order: {@code lib/NAME.jar}, relative to the jar. */
    public List<String> libraries() {
        return libraries;
    }

    /**
     * The SHA-256 of a {@code sha256sum}-style listing of the jar and its libraries in Class-Path order
     * ({@code HEX  twinroot-supervisor.jar}, then {@code HEX  lib/NAME.jar}, one per line): changes with any
     * class the JVM may load from them, and with their order.
     */
    public String sha256() throws IOException {
        StringBuilder listing = new StringBuilder();
        listing.append(BuildManifest.sha256(jar)).append("  ").append(jar.getFileName()).append('\n');
        for (String library : libraries) {
            listing.append(BuildManifest.sha256(jar.resolveSibling(library))).append("  ").append(library).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(listing.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }
}
