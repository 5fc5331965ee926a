package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaReader;
import dev.twinroot.delta.format.HeaderCodec;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One run of {@link DeltaApplier}: reads operations, runs and verifies each, checkpoints, checks the end. The
 * whole target's SHA-256 runs on a second thread ({@link TargetDigest}); everything else runs on the caller's.
 */
final class Application {

    /** Bytes copied, hashed and written at a time: small enough to stay in the CPU cache between the three. */
    private static final int CHUNK = 256 << 10;
    private static final byte[] ZEROS = new byte[CHUNK];
    /** Buffers in flight to the target's hashing thread: enough to ride out a slow write, 1 MiB in all. */
    private static final int HASH_BUFFERS = 4;

    private final SeekableByteChannel source;
    private final boolean exactSourceSize;
    private final SeekableByteChannel target;
    private final boolean sparseTarget;
    private final Optional<Checkpoint> checkpoint;
    private final DeltaApplier.Options options;
    private final Supplier<MessageDigest> targetDigests;
    private final byte[] buf = new byte[CHUNK];
    private final MessageDigest opHash = Sha256.newDigest();
    private TargetDigest targetHash;
    private DeltaHeader header;
    private long position;
    private long chainStart = -1;
    /** The caller hashed the whole source and it is the header's ({@link DeltaApplier.Options#verifiedSource}). */
    private boolean sourceVerified;

    Application(SeekableByteChannel source, boolean exactSourceSize, SeekableByteChannel target, boolean sparseTarget,
                Optional<Checkpoint> checkpoint, DeltaApplier.Options options, Supplier<MessageDigest> targetDigests) {
        this.source = source;
        this.exactSourceSize = exactSourceSize;
        this.target = target;
        this.sparseTarget = sparseTarget;
        this.checkpoint = checkpoint;
        this.options = options;
        this.targetDigests = targetDigests;
    }

    ApplyResult run(InputStream delta) throws IOException {
        DeltaReader reader = new DeltaReader(new BufferedInputStream(delta, 1 << 18));
        try {
            return runUnchecked(reader);
        } catch (RuntimeException e) {
            throw new DeltaFormatException("bad delta near offset " + reader.offset() + " (operation #"
                    + reader.opIndex() + "): " + e, e);
        }
    }

    private ApplyResult runUnchecked(DeltaReader reader) throws IOException {
        header = reader.readHeader();
        checkSourceSize();
        Optional<byte[]> verified = options.verifiedSource();
        if (verified.isPresent() && !Arrays.equals(verified.get(), header.sourceSha256())) {
            throw new SourceMismatchException("wrong source image: its SHA-256 is " + Sha256.hex(verified.get(), 32)
                    + ", the delta was made from " + header.sourceSha256Hex());
        }
        sourceVerified = verified.isPresent();
        byte[] deltaId = Sha256.of(HeaderCodec.encode(header), 0, dev.twinroot.delta.format.DeltaConstants.HEADER_LENGTH);
        MessageDigest start = resume(reader, deltaId);
        try (TargetDigest digest = new TargetDigest(start, HASH_BUFFERS)) {
            targetHash = digest;
            return applyOps(reader, deltaId);
        }
    }

    private ApplyResult applyOps(DeltaReader reader, byte[] deltaId) throws IOException {
        long resumedAt = position;
        long lastCheckpoint = position;
        long lastProgress = position;
        long ops = 0;
        for (Optional<DeltaOp> next = reader.next(); next.isPresent(); next = reader.next()) {
            execute(next.get(), reader.opIndex() - 1);
            ops++;
            if (checkpoint.isPresent() && !reader.inCopyChain()
                    && position - lastCheckpoint >= options.checkpointInterval()
                    && position < header.targetSize()) {
                extendToPosition();
                flush();
                MessageDigest prefix = targetHash.snapshot();
                checkpoint.get().save(new Checkpoint.State(deltaId, reader.offset(), reader.opIndex(), position,
                        prefix.digest()));
                lastCheckpoint = position;
            }
            if (position - lastProgress >= (8 << 20)) {
                // The hashing is the stage that finishes last: it says how far the apply has got.
                options.progress().update("apply", targetHash.hashed(), header.targetSize());
                lastProgress = position;
            }
        }
        extendToPosition();
        // Flushed while the hashing finishes: the bytes reach the disk meanwhile, and only the check below (and,
        // writing to a path, the rename after it) makes them count.
        flush();
        byte[] actual = targetHash.digest(hashed -> options.progress().update("apply", hashed, header.targetSize()));
        if (!Arrays.equals(actual, header.targetSha256())) {
            throw new TargetMismatchException("rebuilt target SHA-256 is " + Sha256.hex(actual, 32)
                    + ", the delta's header says " + header.targetSha256Hex());
        }
        options.progress().update("apply", position, header.targetSize());
        return new ApplyResult(header, resumedAt, ops);
    }

    private void checkSourceSize() throws IOException {
        long size = source.size();
        boolean ok = exactSourceSize ? size == header.sourceSize() : size == 0 || size >= header.sourceSize();
        if (!ok) {
            throw new SourceMismatchException("wrong source image: it is " + size + " bytes, the delta was made from "
                    + header.sourceSize() + " bytes with SHA-256 " + header.sourceSha256Hex());
        }
    }

    /**
     * Continues from the checkpoint if it is for this delta and the target still holds what it says. Returns the
     * target's SHA-256 state at {@link #position}: over the kept prefix, or fresh.
     */
    private MessageDigest resume(DeltaReader reader, byte[] deltaId) throws IOException {
        Optional<Checkpoint.State> state = checkpoint.isPresent() ? checkpoint.get().load() : Optional.empty();
        if (state.isPresent() && Arrays.equals(state.get().deltaId(), deltaId)
                && state.get().targetOffset() <= header.targetSize()
                && (sparseTarget ? target.size() >= state.get().targetOffset()
                        : target.size() == 0 || target.size() >= state.get().targetOffset())) {
            Checkpoint.State s = state.get();
            MessageDigest prefix = targetDigests.get();
            for (long pos = 0; pos < s.targetOffset(); pos += CHUNK) {
                int n = (int) Math.min(CHUNK, s.targetOffset() - pos);
                ChannelIo.readFully(target, pos, buf, 0, n);
                prefix.update(buf, 0, n);
                options.progress().update("resume", pos + n, s.targetOffset());
            }
            if (Arrays.equals(Sha256.copyOf(prefix).digest(), s.targetPrefixSha256())) {
                reader.resumeAt(s.deltaOffset(), s.opIndex(), s.targetOffset());
                position = s.targetOffset();
                if (sparseTarget && target.size() > position) {
                    target.truncate(position);
                }
                return prefix;
            }
        }
        if (sparseTarget) {
            target.truncate(0);
        }
        return targetDigests.get();
    }

    private void execute(DeltaOp op, long index) throws IOException {
        if (op instanceof DeltaOp.Copy c) {
            copySource(c.sourceOffset(), c.length());
            if (!sourceVerified) {
                byte[] actual = opHash.digest();
                if (!matches(actual, c.hash())) {
                    // The message is built only on the way to failing: a delta may hold millions of COPYs.
                    checkSource(actual, c.hash(), "operation #" + index + " COPY" + (chainStart >= 0
                            ? " (closing the chain from operation #" + chainStart + ")" : ""), c.sourceOffset(),
                            c.length());
                }
            }
            chainStart = -1;
            zero(c.zerosAfter());
        } else if (op instanceof DeltaOp.CopyPart c) {
            // Hashed with the following parts; checked by the COPY that closes the chain.
            copySource(c.sourceOffset(), c.length());
            if (chainStart < 0) {
                chainStart = index;
            }
            zero(c.zerosAfter());
        } else if (op instanceof DeltaOp.Zero z) {
            zero(z.length());
        } else if (op instanceof DeltaOp.Data d) {
            String where = "operation #" + index + " DATA";
            byte[] bytes = DataCodecs.decode(d.codec(), d.payload(), d.length(), where);
            checkTarget(bytes, d.targetHash(), where);
            emit(bytes, bytes.length);
        } else if (op instanceof DeltaOp.Splice sp) {
            String where = "operation #" + index + " SPLICE";
            byte[] stream = DataCodecs.decode(sp.codec(), sp.payload(), sp.streamLength(), where);
            byte[] bytes = SplicePatch.apply(source, header.sourceSize(), position, stream, sp.streamLength(),
                    sp.length(), where);
            byte[] actual = Sha256.of(bytes, 0, bytes.length);
            if (!matches(actual, sp.targetHash())) {
                // Its copies read the source unverified: a wrong source and a corrupted operation look alike here.
                checkSource(actual, sp.targetHash(), where + " target [" + position + ", " + (position + sp.length())
                        + ")");
            }
            emit(bytes, bytes.length);
        } else if (op instanceof DeltaOp.BsDiff p) {
            String where = "operation #" + index + " BSDIFF";
            byte[] src = new byte[p.sourceLength()];
            ChannelIo.readFully(source, p.sourceOffset(), src, 0, src.length);
            opHash.update(src);
            checkSource(opHash.digest(), p.sourceHash(), where, p.sourceOffset(), p.sourceLength());
            byte[] bytes = BsPatch.apply(src, p.payload(), p.length(), where);
            checkTarget(bytes, p.targetHash(), where);
            emit(bytes, bytes.length);
        }
    }

    private void copySource(long offset, long length) throws IOException {
        // Bytes are written while the extent is hashed: until the hash matches, they sit past the last
        // checkpoint in a target that is not yet complete (TARGET.partial, or a slot marked bad). Read into a
        // buffer of the target's hashing thread, written, then handed to it: no copy.
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(TargetDigest.BUFFER, length - done);
            byte[] b = targetHash.buffer();
            ChannelIo.readFully(source, offset + done, b, 0, n);
            if (!sourceVerified) {
                opHash.update(b, 0, n);
            }
            write(b, 0, n, position);
            position += n;
            targetHash.submit(b, n);
            done += n;
        }
    }

    private void zero(long length) throws IOException {
        targetHash.zeros(length);
        long end = position + length;
        while (position < end) {
            if (sparseTarget && position >= target.size()) {
                // Past the end of a file: a hole, which reads as zeros; extendToPosition() gives the length.
                position = end;
            } else {
                int n = (int) Math.min(CHUNK, end - position);
                write(ZEROS, 0, n, position);
                position += n;
            }
        }
    }

    private void emit(byte[] b, int n) throws IOException {
        write(b, 0, n, position);
        targetHash.update(b, 0, n);
        position += n;
    }

    private void write(byte[] b, int off, int n, long at) throws IOException {
        target.position(at);
        ChannelIo.writeFully(target, b, off, n);
    }

    private void checkTarget(byte[] bytes, byte[] expected, String where) throws TargetMismatchException {
        byte[] actual = Sha256.of(bytes, 0, bytes.length);
        if (!matches(actual, expected)) {
            throw new TargetMismatchException("corrupted delta: " + where + " rebuilds bytes with hash "
                    + Sha256.hex(actual, expected.length) + ", the operation says " + Sha256.hex(expected, expected.length));
        }
    }

    /**
     * A source extent hash mismatch means a wrong source or a corrupted operation. Hashing the whole source
     * tells which; that costs a full read, but only on the way to failing.
     */
    private void checkSource(byte[] actual, byte[] expected, String where, long offset, long length)
            throws IOException {
        if (matches(actual, expected)) {
            return;
        }
        checkSource(actual, expected, where + " source [" + offset + ", " + (offset + length) + ")");
    }

    /** Fails, naming the source or the delta as the culprit: {@code extent} says which hash did not match. */
    private void checkSource(byte[] actual, byte[] expected, String extentName) throws IOException {
        MessageDigest whole = Sha256.newDigest();
        for (long pos = 0; pos < header.sourceSize(); pos += CHUNK) {
            int n = (int) Math.min(CHUNK, header.sourceSize() - pos);
            ChannelIo.readFully(source, pos, buf, 0, n);
            whole.update(buf, 0, n);
        }
        byte[] sha = whole.digest();
        String extent = extentName + " hashes to "
                + Sha256.hex(actual, expected.length) + ", expected " + Sha256.hex(expected, expected.length);
        if (Arrays.equals(sha, header.sourceSha256())) {
            throw new DeltaFormatException("corrupted delta: " + extent + ", although the source image matches");
        }
        throw new SourceMismatchException("wrong source image: its SHA-256 is " + Sha256.hex(sha, 32)
                + ", the delta was made from " + header.sourceSha256Hex() + " (" + extent + ")");
    }

    /** An operation's hash is a prefix of the SHA-256 of its bytes. */
    private static boolean matches(byte[] actual, byte[] expected) {
        return Arrays.equals(actual, 0, expected.length, expected, 0, expected.length);
    }

    /** Zeros skipped as holes leave a file shorter than what was produced: give it its length. */
    private void extendToPosition() throws IOException {
        if (sparseTarget && position > 0 && target.size() < position) {
            write(new byte[1], 0, 1, position - 1);
        }
    }

    private void flush() throws IOException {
        if (target instanceof FileChannel f) {
            f.force(false);
        }
    }
}
