package dev.twinroot.updater.bootcontrol;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.function.Function;

/**
 * What tests fetch once into a directory under {@code target/} (Debian's arm64 kernel, GRUB's modules): test
 * classes run in parallel JVMs (surefire's forks), so the fetch runs under a file lock on {@code DIR/.lock}; the
 * first JVM fetches, the others wait for it and take what it left.
 */
public final class FetchLock {

    private FetchLock() {
    }

    /** {@code fetch} under the lock of {@code dir}; a failure to lock is said in {@code why}, prefixed. */
    public static Optional<Path> fetch(Path dir, String what, StringBuilder why,
                                       Function<StringBuilder, Optional<Path>> fetch) {
        try {
            Files.createDirectories(dir);
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                return fetch.apply(why);
            }
        } catch (IOException e) {
            why.append("could not get ").append(what).append(": ").append(e.getMessage());
            return Optional.empty();
        }
    }
}
