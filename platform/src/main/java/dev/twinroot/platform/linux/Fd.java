package dev.twinroot.platform.linux;

import com.sun.jna.LastErrorException;
import dev.twinroot.platform.PlatformException;

import java.nio.file.Path;

/**
 * An open file descriptor and the path it was opened from (for messages). Using it after {@link #close()} is
 * a programming error and throws IllegalStateException: the number may already belong to another file.
 */
final class Fd implements AutoCloseable {

    /** A C library call that returns -1 and sets errno on failure. */
    @FunctionalInterface
    interface Call {
        long invoke(int fd) throws LastErrorException;
    }

    private final int number;
    private final String path;
    private boolean open = true;

    private Fd(int number, String path) {
        this.number = number;
        this.path = path;
    }

    static Fd open(Path path, int flags) throws PlatformException {
        String name = path.toString();
        try {
            return new Fd(LibC.open(LibC.cString(name), flags | LibC.O_CLOEXEC), name);
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), "open", name);
        }
    }

    String path() {
        return path;
    }

    synchronized long call(String operation, Call call) throws PlatformException {
        if (!open) {
            throw new IllegalStateException(operation + " on " + path + " after it was closed");
        }
        try {
            return call.invoke(number);
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), operation, path);
        }
    }

    /** Closes once; a second close does nothing. close(2) errors are reported, never retried (see close(2)). */
    @Override
    public synchronized void close() throws PlatformException {
        if (!open) {
            return;
        }
        open = false;
        try {
            LibC.close(number);
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), "close", path);
        }
    }
}
