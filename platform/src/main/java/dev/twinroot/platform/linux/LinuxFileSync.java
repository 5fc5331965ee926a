package dev.twinroot.platform.linux;

import dev.twinroot.platform.FileSync;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

final class LinuxFileSync implements FileSync {

    @Override
    public void fsync(Path path) throws PlatformException {
        onPath(path, "fsync", LibC::fsync);
    }

    @Override
    public void fdatasync(Path path) throws PlatformException {
        onPath(path, "fdatasync", LibC::fdatasync);
    }

    @Override
    public void fsync(FileChannel file) throws IOException {
        file.force(true);
    }

    @Override
    public void fdatasync(FileChannel file) throws IOException {
        file.force(false);
    }

    @Override
    public void syncfs(Path path) throws PlatformException {
        onPath(path, "syncfs", LibC::syncfs);
    }

    @Override
    public void syncAll() {
        LibC.sync();
    }

    @Override
    public void dropCache(Path path) throws PlatformException {
        Fd fd = Fd.open(path, LibC.O_RDONLY);
        try {
            int error = (int) fd.call("posix_fadvise", n -> LibC.posix_fadvise(n, 0, 0, LibC.POSIX_FADV_DONTNEED));
            if (error != 0) {
                throw PlatformException.of(error, "posix_fadvise DONTNEED", path.toString());
            }
        } finally {
            fd.close();
        }
    }

    // O_RDONLY works for directories too, and fsync through a read-only descriptor still syncs the inode.
    private static void onPath(Path path, String operation, Fd.Call call) throws PlatformException {
        Fd fd = Fd.open(path, LibC.O_RDONLY);
        try {
            fd.call(operation, call);
        } finally {
            fd.close();
        }
    }
}
