package dev.twinroot.image.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * {@code manifest.json} of a build: what went in (config, packages, kernel, modules, supervisor) and every
 * output file's size and SHA-256. It holds no build time or host name, so it is as reproducible as the
 * outputs.
 *
 * @param supervisor {@code included} or why not
 * @param slotUsedBytes the rootfs tree's file data, before the filesystem's own overhead
 */
public record BuildManifest(String version, String compatible, String machine, String bootloader,
                            String slotFilesystem, long slotSizeBytes, long slotUsedBytes, String kernelVersion,
                            List<String> slotModules, int modulesRemoved, long modulesRemovedBytes,
                            String supervisor, String rootfsSource, List<Package> packages, List<Output> outputs,
                            ImageConfig config) {

    public record Package(String name, String version, String architecture) {
    }

    public record Output(String file, long size, String sha256) {
        static Output of(Path file) throws IOException {
            return new Output(file.getFileName().toString(), Files.size(file), BuildManifest.sha256(file));
        }
    }

    public BuildManifest {
        slotModules = List.copyOf(slotModules);
        packages = List.copyOf(packages);
        outputs = List.copyOf(outputs);
    }

    public Optional<Output> output(String file) {
        return outputs.stream().filter(o -> o.file().equals(file)).findFirst();
    }

    void write(Path file) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(file.toFile(), this);
    }

    public static BuildManifest read(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), BuildManifest.class);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
