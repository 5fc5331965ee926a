package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A rootfs that already exists as a directory (a Yocto {@code IMAGE_ROOTFS}, a debootstrap tree...). Copied
 * with {@code cp -a}, which keeps symlinks, hard links, owners, modes, device nodes and extended attributes.
 */
public final class DirectorySource implements RootfsSource {
    private final Path directory;

    public DirectorySource(Path directory) {
        this.directory = directory;
    }

    @Override
    public void copyInto(Path staging) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new ImageException("rootfs directory " + directory + " does not exist");
        }
        Tools.CP.run(List.of("-a", "--", directory + "/.", staging + "/"), Tools.FILESYSTEM_TIMEOUT).requireSuccess();
    }

    @Override
    public String describe() {
        return "directory " + directory;
    }
}
