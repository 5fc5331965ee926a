package dev.twinroot.platform.fake;

import dev.twinroot.platform.FileSync;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Records which syncs were asked for, in order, and makes nothing more durable. Lets a test check that a
 * state file was synced, and its directory after the rename, without timing real disks.
 */
public final class FakeFileSync implements FileSync {

    public enum Kind { FSYNC, FDATASYNC, SYNCFS, SYNC_ALL, DROP_CACHE }

    /** One call; {@code path} is empty for the channel variants and for sync(2). */
    public record Call(Kind kind, Optional<Path> path) {
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized void fsync(Path path) {
        calls.add(new Call(Kind.FSYNC, Optional.of(path)));
    }

    @Override
    public synchronized void fdatasync(Path path) {
        calls.add(new Call(Kind.FDATASYNC, Optional.of(path)));
    }

    @Override
    public synchronized void fsync(FileChannel file) {
        calls.add(new Call(Kind.FSYNC, Optional.empty()));
    }

    @Override
    public synchronized void fdatasync(FileChannel file) {
        calls.add(new Call(Kind.FDATASYNC, Optional.empty()));
    }

    @Override
    public synchronized void syncfs(Path path) {
        calls.add(new Call(Kind.SYNCFS, Optional.of(path)));
    }

    @Override
    public synchronized void syncAll() {
        calls.add(new Call(Kind.SYNC_ALL, Optional.empty()));
    }

    @Override
    public synchronized void dropCache(Path path) {
        calls.add(new Call(Kind.DROP_CACHE, Optional.of(path)));
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }
}
