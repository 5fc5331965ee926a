package dev.twinroot.updater.install;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * A second process for {@link InstallLockTest}: takes the install lock in the data directory given as its
 * argument, prints {@code locked}, and holds the lock until its standard input closes.
 */
final class InstallLockHolder {

    private InstallLockHolder() {
    }

    public static void main(String[] args) throws IOException {
        try (InstallLock.Held held = new InstallLock(Path.of(args[0]), Clock.systemUTC()).acquire()) {
            System.out.println("locked");
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
