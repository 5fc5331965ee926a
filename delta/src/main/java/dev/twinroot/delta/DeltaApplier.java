package dev.twinroot.delta;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Rebuilds a target image from a source image and a delta. The delta is read once, as a stream (a file, an
 * HTTP response); the source is read at random and never written; the target is written in order. Memory is
 * bounded by the largest operation (8 MiB of source, payload and output), whatever the image size: a 64 MiB
 * heap is enough.
 *
 * <p>Every operation is verified, and at the end the target's SHA-256 must equal the header's. Writing to a
 * {@link Path}, the bytes go to {@code TARGET.partial}, which is renamed to {@code TARGET} only after that final
 * check, so a failed or interrupted apply never leaves a file that looks complete.
 */
public final class DeltaApplier {

    /**
     * Tuning for an apply. {@code verifiedSource}: the SHA-256 of the whole source, which the caller has just
     * computed from the source itself (the installer does, before it marks the target slot bad). It must equal the
     * header's source SHA-256, or the apply fails at once; then COPY operations, whose bytes are source bytes the
     * caller has verified, are not hashed again. Every other check stays, the whole target's SHA-256 included.
     */
    public record Options(long checkpointInterval, ProgressListener progress, Optional<byte[]> verifiedSource) {

        public Options {
            if (checkpointInterval <= 0) {
                throw new IllegalArgumentException("checkpoint interval must be positive: " + checkpointInterval);
            }
            if (verifiedSource.isPresent() && verifiedSource.get().length != 32) {
                throw new IllegalArgumentException("a verified source SHA-256 has 32 bytes, found "
                        + verifiedSource.get().length);
            }
            verifiedSource = verifiedSource.map(byte[]::clone);
        }

        /** A checkpoint at most every 64 MiB of target: a flush that often costs little, a redo that long is short. */
        public static Options defaults() {
            return new Options(64L << 20, ProgressListener.NONE, Optional.empty());
        }

        public Options withProgress(ProgressListener listener) {
            return new Options(checkpointInterval, listener, verifiedSource);
        }

        public Options withCheckpointInterval(long bytes) {
            return new Options(bytes, progress, verifiedSource);
        }

        public Options withVerifiedSource(byte[] sha256) {
            return new Options(checkpointInterval, progress, Optional.of(sha256));
        }
    }

    private final Options options;
    private final Supplier<MessageDigest> targetDigests;

    public DeltaApplier(Options options) {
        this(options, Sha256::newDigest);
    }

    /** With {@code targetDigests} making the whole target's SHA-256 (tests give one that fails). */
    DeltaApplier(Options options, Supplier<MessageDigest> targetDigests) {
        this.options = options;
        this.targetDigests = targetDigests;
    }

    /** Where {@link #apply(Path, InputStream, Path, Optional)} writes before the final check. */
    public static Path partialOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".partial");
    }

    /**
     * Applies {@code delta} to the file {@code source}, writing {@code target} through {@code target.partial}.
     * With a checkpoint, an earlier interrupted apply of the same delta continues where it stopped, and a failed
     * apply keeps {@code target.partial} for the next attempt; without one, a failure deletes it.
     */
    public ApplyResult apply(Path source, InputStream delta, Path target, Optional<Checkpoint> checkpoint)
            throws IOException {
        Path partial = partialOf(target);
        ApplyResult result;
        try (FileChannel src = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.READ,
                     StandardOpenOption.WRITE)) {
            if (checkpoint.isEmpty()) {
                out.truncate(0);
            }
            result = new Application(src, true, out, true, checkpoint, options, targetDigests).run(delta);
        } catch (IOException | RuntimeException e) {
            if (checkpoint.isEmpty()) {
                // Nothing could resume from it: do not leave a half-written image behind.
                Files.deleteIfExists(partial);
            }
            throw e;
        }
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Checkpoint.syncDirectory(target.toAbsolutePath().getParent());
        if (checkpoint.isPresent()) {
            checkpoint.get().delete();
        }
        return result;
    }

    /**
     * Applies {@code delta} to channels, e.g. the active slot's block device and the inactive one. The source
     * may be larger than the image the delta was made from (a partition holding it); {@code target} is left
     * where the last operation ended and flushed. The caller decides what makes the target "complete".
     */
    public ApplyResult apply(SeekableByteChannel source, InputStream delta, SeekableByteChannel target,
                             Optional<Checkpoint> checkpoint) throws IOException {
        return new Application(source, false, target, false, checkpoint, options, targetDigests).run(delta);
    }
}
