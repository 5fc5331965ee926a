package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a root filesystem's files come from: a Debian package set, a directory, or a tarball such as a
 * Yocto build deploys. A source only fills the staging tree; Twinroot's own additions come after.
 */
public interface RootfsSource {

    /** Copies this source's files into {@code staging}, an existing empty directory. */
    void copyInto(Path staging) throws IOException;

    /** One line for logs and errors, e.g. {@code tarball core-image.tar.zst}. */
    String describe();
}
