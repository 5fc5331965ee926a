package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.io.InputStream;
import java.util.HexFormat;

/** Small trees for filesystem tests, and the SHA-256 that proves two builds equal. */
final class SampleTrees {
    private SampleTrees() {
    }

    /** A tree with what a rootfs has: nested directories, a symlink, a name with a space, an executable. */
    static Path rootfsLike(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("etc/twinroot"));
        Files.createDirectories(dir.resolve("usr/bin"));
        Files.writeString(dir.resolve("etc/hostname"), "twinroot\n");
        Files.writeString(dir.resolve("etc/with space.conf"), "a = 1\n");
        Files.write(dir.resolve("usr/bin/tool"), new byte[70_000]);
        Files.setAttribute(dir.resolve("usr/bin/tool"), "unix:mode", 0755);
        Files.createSymbolicLink(dir.resolve("bin"), Path.of("usr/bin"));
        return dir;
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies a tree with cp -a, which gives every file a new ctime: what a second build of the same tree sees. */
    static Path copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Tools.CP.run(java.util.List.of("-a", from + "/.", to + "/"), java.time.Duration.ofMinutes(5)).requireSuccess();
        return to;
    }
}
