package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * JNA's native part for the device, taken out of JNA's jar at build time. JNA otherwise unpacks
 * {@code libjnidispatch.so} from its jar into a temporary file at every start of the supervisor and of
 * {@code twinrootctl}: a write to {@code /tmp} each time (which must then allow executables), and under emulation
 * part of every start's seconds. The daemon's and {@code twinrootctl}'s JVM options name {@link #DIR} with
 * {@code jna.boot.library.path} when the file is there (class-data, twinrootctl); JNA checks the library's
 * version against its classes' when it loads it.
 */
final class JnaNativeLibrary {
    /** Where the image keeps it, relative to the root. */
    static final String DIR = DeviceFiles.SUPERVISOR_DIR + "/native";
    static final String FILE = "libjnidispatch.so";
    /** The entry of JNA's jar for the device's architecture: every image is arm64. */
    static final String ENTRY = "com/sun/jna/linux-aarch64/" + FILE;

    private JnaNativeLibrary() {
    }

    /**
     * Writes {@link #DIR}/{@link #FILE} into {@code tree} from the JNA jar among {@code libraries} (paths relative to
     * {@code supervisorJar}'s directory); empty when the supervisor does not use JNA, the path written otherwise.
     */
    static Optional<Path> install(Path tree, Path supervisorJar, List<String> libraries) throws IOException {
        Optional<String> jna = libraries.stream()
                .filter(l -> Path.of(l).getFileName().toString().matches("jna-[0-9][^/]*\\.jar")).findFirst();
        if (jna.isEmpty()) {
            return Optional.empty();
        }
        Path jar = supervisorJar.resolveSibling(jna.get());
        Path target = DeviceFiles.inside(tree, DIR + "/" + FILE);
        Files.createDirectories(target.getParent());
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(ENTRY);
            if (entry == null) {
                throw new ImageException(jar + " has no " + ENTRY + ": this JNA cannot run on the device (arm64)");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return Optional.of(target);
    }
}
