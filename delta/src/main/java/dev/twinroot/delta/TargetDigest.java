package dev.twinroot.delta;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;

/**
 * The whole target's SHA-256, computed on a thread of its own while the caller reads, verifies and writes.
 * SHA-256 is one sequential chain: on a sparse image it is most of an apply, and the only part that cannot be
 * split. Here it runs beside everything else, so an apply takes about as long as that chain alone.
 *
 * <p>Memory is a few fixed buffers: the caller fills one ({@link #buffer()}) and hands it over ({@link #submit}),
 * and waits for a free one when the hashing lags that many buffers behind. Runs of zeros cross as a length.
 * A failure on the hashing thread is raised by the caller's next call, as a {@link DeltaException};
 * {@link #close()} stops and joins the thread, whatever happened.
 */
final class TargetDigest implements AutoCloseable {

    static final int BUFFER = 256 << 10;
    /** Zeros are hashed 64 KiB at a time: the source stays in the CPU's second-level cache (measured faster). */
    private static final int ZERO_CHUNK = 64 << 10;

    /** One step for the hashing thread: bytes (then freed), a run of zeros, or a request for the state so far. */
    private record Task(byte[] bytes, int length, long zeros, CompletableFuture<MessageDigest> state) {
    }

    private final MessageDigest digest;
    private final BlockingQueue<byte[]> free;
    private final BlockingQueue<Task> work;
    private final byte[] zeros = new byte[ZERO_CHUNK];
    private final Thread thread;
    /** Bytes hashed so far: written by the hashing thread only. */
    private volatile long hashed;
    /** What stopped the hashing, empty while it runs: written by the hashing thread only. */
    private volatile Throwable failure;

    /** Continues {@code start} (the state after a resumed prefix, or a fresh digest) with {@code buffers} buffers. */
    TargetDigest(MessageDigest start, int buffers) {
        this.digest = start;
        this.free = new ArrayBlockingQueue<>(buffers);
        for (int i = 0; i < buffers; i++) {
            free.add(new byte[BUFFER]);
        }
        // Zero runs and state requests take no buffer: bound them too, so a delta of many tiny runs waits here.
        this.work = new ArrayBlockingQueue<>(buffers + 64);
        this.thread = new Thread(this::run, "twinroot-target-sha256");
        thread.setDaemon(true);
        thread.start();
    }

    /** A buffer of {@link #BUFFER} bytes to fill and {@link #submit}; waits while all are being hashed. */
    byte[] buffer() throws IOException {
        checkRunning();
        return await(free::take);
    }

    /**
     * Hashes {@code buffer[0, length)} after everything submitted before. {@code buffer} is one {@link #buffer()}
     * gave, and must not be touched again.
     */
    void submit(byte[] buffer, int length) throws IOException {
        put(new Task(buffer, length, 0, null));
    }

    /** Hashes {@code b[off, off + length)}, copied through the buffers: {@code b} may be reused on return. */
    void update(byte[] b, int off, int length) throws IOException {
        for (int done = 0; done < length; ) {
            int n = Math.min(BUFFER, length - done);
            byte[] buf = buffer();
            System.arraycopy(b, off + done, buf, 0, n);
            submit(buf, n);
            done += n;
        }
    }

    /** Hashes {@code length} zero bytes. */
    void zeros(long length) throws IOException {
        if (length > 0) {
            put(new Task(null, 0, length, null));
        }
    }

    /** Bytes hashed so far (for progress: the hashing is the last stage to finish). */
    long hashed() {
        return hashed;
    }

    /** A copy of the state after everything submitted so far, e.g. for a checkpoint; waits for the hashing. */
    MessageDigest snapshot() throws IOException {
        CompletableFuture<MessageDigest> state = new CompletableFuture<>();
        put(new Task(null, 0, 0, state));
        return await(() -> {
            try {
                return state.get();
            } catch (ExecutionException e) {
                throw failed(e.getCause());
            }
        });
    }

    /**
     * The SHA-256 of everything submitted. While it waits, {@code waiting} is called about every 100 ms with
     * the bytes hashed so far.
     */
    byte[] digest(LongConsumer waiting) throws IOException {
        CompletableFuture<MessageDigest> state = new CompletableFuture<>();
        put(new Task(null, 0, 0, state));
        return await(() -> {
            while (true) {
                try {
                    return state.get(100, TimeUnit.MILLISECONDS).digest();
                } catch (TimeoutException e) {
                    waiting.accept(hashed);
                } catch (ExecutionException e) {
                    throw failed(e.getCause());
                }
            }
        });
    }

    /** Stops the hashing thread and waits for it to end. */
    @Override
    public void close() {
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void put(Task task) throws IOException {
        checkRunning();
        await(() -> {
            work.put(task);
            return null;
        });
    }

    private void checkRunning() throws DeltaException {
        Throwable t = failure;
        if (t != null) {
            throw failed(t);
        }
    }

    private DeltaException failed(Throwable t) {
        return new DeltaException("computing the target's SHA-256 failed after " + hashed + " bytes: " + t, t);
    }

    private void run() {
        try {
            while (true) {
                Task task = work.take();
                if (failure == null) {
                    try {
                        hash(task);
                    } catch (RuntimeException | Error e) {
                        failure = e;
                    }
                }
                if (task.bytes() != null) {
                    free.offer(task.bytes());
                }
                if (task.state() != null && failure != null) {
                    task.state().completeExceptionally(failure);
                }
            }
        } catch (InterruptedException e) {
            // close(): nothing waits for this thread any more.
        }
    }

    private void hash(Task task) {
        if (task.bytes() != null) {
            digest.update(task.bytes(), 0, task.length());
            hashed += task.length();
        }
        // A run of zeros may be gigabytes: close() must not wait for the rest of it.
        for (long done = 0; done < task.zeros() && !Thread.currentThread().isInterrupted(); ) {
            int n = (int) Math.min(ZERO_CHUNK, task.zeros() - done);
            digest.update(zeros, 0, n);
            done += n;
            hashed += n;
        }
        if (task.state() != null) {
            task.state().complete(Sha256.copyOf(digest));
        }
    }

    /** A blocking step of the caller; an interrupt becomes an {@link InterruptedIOException}. */
    private interface Blocking<T> {
        T run() throws InterruptedException, IOException;
    }

    private static <T> T await(Blocking<T> step) throws IOException {
        try {
            return step.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException stop = new InterruptedIOException("interrupted while hashing the target");
            stop.initCause(e);
            throw stop;
        }
    }
}
