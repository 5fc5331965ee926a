package dev.twinroot.delta;

import dev.twinroot.delta.format.Codec;
import dev.twinroot.delta.format.DeltaConstants;
import dev.twinroot.delta.format.DeltaOp;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Encodes a run of target blocks that no source block matches. The run is first trimmed: bytes at its start
 * that still equal the source where the previous copy left off, and bytes at its end that equal the source just
 * before where the next copy starts, become copies (free when they extend those copies). So a 1 KiB edit inside
 * a 4 KiB block costs about 1 KiB, not 4. Source data that moved by a non-multiple of the block size becomes
 * copies too ({@link MovedDataFinder}). What remains is stored as the smallest of raw, zstd, xz, or a bsdiff
 * patch against the source region the run most likely came from, and in delta version 3 a SPLICE
 * ({@link SpliceEncoder}): literals between copies as short as 8 bytes, inside one operation. Data that does not
 * compress goes to a SPLICE whenever one finds any copy; elsewhere the SPLICE competes with the others.
 */
final class ChangedRegionEncoder {

    /** A trimmed end that does not extend a neighbouring copy must save more than a COPY costs. */
    private static final int MIN_STANDALONE_COPY = 64;
    /** Below this, a bsdiff patch's fixed cost (header, three bzip2 streams) can never win. */
    private static final int MIN_BSDIFF = 128;
    /** Below this, a compressible region is left to DATA and BSDIFF: a SPLICE's copies would be few. */
    private static final int MIN_SPLICE = 4096;
    private static final int MIN_SLACK = 64 << 10;
    private static final double INCOMPRESSIBLE = 0.97;
    /** Below this share of snippets found in the source region, a bsdiff patch would be mostly extra bytes. */
    private static final double MIN_SHARED = 0.2;

    private final FileChannel src;
    private final long sourceSize;
    private final long targetSize;
    private final DeltaGenerator.Options options;
    private final OpEmitter emitter;
    private final MovedDataFinder moved;
    private final MovedDataFinder fineMoved;
    private final SpliceEncoder splicer;

    ChangedRegionEncoder(FileChannel src, long sourceSize, long targetSize, DeltaGenerator.Options options,
                         OpEmitter emitter, MovedDataFinder moved, MovedDataFinder fineMoved,
                         ShortMatchFinder shortMatches) {
        this.moved = moved;
        this.splicer = new SpliceEncoder(moved, fineMoved, shortMatches, options);
        this.fineMoved = fineMoved;
        this.src = src;
        this.sourceSize = sourceSize;
        this.targetSize = targetSize;
        this.options = options;
        this.emitter = emitter;
    }

    /**
     * Emits operations for target bytes {@code tb[off, off+len)} at target offset {@code t}; {@code after} is the
     * source offset of the copy that follows the run, when one does.
     */
    void encode(byte[] tb, int off, int len, long t, OptionalLong after) throws IOException {
        // Moved blocks are searched for only in data that does not compress: in compressible data (code, an
        // ext4 image's files) a bsdiff of the whole run against its old place already covers what moved, and
        // copies of look-alike blocks from elsewhere cut the run into pieces that patch and compress worse (the
        // arm64 kernel pair: 651,021 bytes became 1,013,326 when they did).
        if (compressible(tb, off, len)) {
            encodeUnmatched(tb, off, len, t, after, false);
        } else if (options.formatVersion() >= DeltaConstants.VERSION) {
            // Version 3: the run's ends that continue the neighbouring copies become those copies; everything
            // between is one SPLICE of literals and copies (moved blocks, moved fine pieces, short matches
            // nearby), where a copy costs a few bytes and does not split the operation.
            encodeUnmatched(tb, off, len, t, after, true);
        } else {
            copyMoved(moved, tb, off, len, t, after, this::encodeGap);
        }
    }

    private static boolean compressible(byte[] tb, int off, int len) {
        return DataCodecs.encode(Codec.ZSTD, tb, off, len, 1, 0).length < INCOMPRESSIBLE * len;
    }

    /**
     * A gap between copies of whole moved blocks. When its bytes do not compress (they are compressed already,
     * as in squashfs or erofs), copies as short as the fine index holds are worth finding: small files' compressed
     * blocks are shorter than two blocks and rarely contain a whole aligned source block. Compressible gaps are
     * left whole: a bsdiff or zstd of the whole gap beats many short copies between small literal pieces.
     */
    private void encodeGap(byte[] tb, int off, int len, long t, OptionalLong after) throws IOException {
        if (len < 2 * fineMoved.pieceSize() || compressible(tb, off, len)) {
            encodeUnmatched(tb, off, len, t, after);
        } else {
            copyMoved(fineMoved, tb, off, len, t, after, this::encodeUnmatched);
        }
    }

    /** What {@link #copyMoved} does with the bytes between copies. */
    @FunctionalInterface
    private interface GapEncoder {
        void encode(byte[] tb, int off, int len, long t, OptionalLong after) throws IOException;
    }

    /** Copies what {@code finder} finds in {@code tb[off, off+len)}, and hands the bytes between to {@code gaps}. */
    private void copyMoved(MovedDataFinder finder, byte[] tb, int off, int len, long t, OptionalLong after,
                           GapEncoder gaps) throws IOException {
        int end = off + len;
        int from = off;
        for (Optional<MovedDataFinder.Match> m = finder.next(tb, from, end); m.isPresent();
             m = finder.next(tb, from, end)) {
            MovedDataFinder.Match match = m.get();
            if (match.at() > from) {
                gaps.encode(tb, from, match.at() - from, t + (from - off), OptionalLong.of(match.source()));
            }
            emitter.copy(match.source(), tb, match.at(), match.length());
            from = match.at() + match.length();
        }
        if (from < end) {
            gaps.encode(tb, from, end - from, t + (from - off), after);
        }
    }

    private void encodeUnmatched(byte[] tb, int off, int len, long t, OptionalLong after) throws IOException {
        encodeUnmatched(tb, off, len, t, after, false);
    }

    /** {@code spliceFirst}: take a SPLICE of the trimmed run if it finds any copy (data that does not compress). */
    private void encodeUnmatched(byte[] tb, int off, int len, long t, OptionalLong after, boolean spliceFirst)
            throws IOException {
        OptionalLong before = emitter.openCopyEnd();
        long base = before.isPresent() ? before.getAsLong()
                : after.isPresent() ? after.getAsLong() - len : mapped(t);
        int p = commonPrefix(tb, off, len, base);
        if (p > 0 && (before.isPresent() || p >= MIN_STANDALONE_COPY)) {
            emitter.copy(base, tb, off, p);
        } else {
            p = 0;
        }
        long suffixEnd = after.isPresent() ? after.getAsLong() : base + len;
        int q = commonSuffix(tb, off + p, len - p, suffixEnd);
        if (q == 0 || (after.isEmpty() && q < MIN_STANDALONE_COPY)) {
            q = 0;
        }
        int m = len - p - q;
        if (m > 0) {
            // A bsdiff against the wrong region is mostly extra bytes: where the pieces of the region point to
            // beats the neighbouring copies' guess when a run of edited data has drifted away from them.
            Optional<DeltaOp> spliced = spliceFirst ? splicer.encode(tb, off + p, m, t + p, false) : Optional.empty();
            if (spliced.isPresent()) {
                emitter.op(spliced.get());
            } else {
                long center = fineMoved.likelySource(tb, off + p, off + p + m).orElse(base + p);
                emitter.op(middle(tb, off + p, m, t + p, center, !spliceFirst));
            }
        }
        if (q > 0) {
            emitter.copy(suffixEnd - q, tb, off + len - q, q);
        }
    }

    /** Where target offset {@code t} would sit in the source if the image only grew or shrank evenly. */
    private long mapped(long t) {
        return targetSize == 0 ? 0 : (long) ((double) t * sourceSize / targetSize);
    }

    /** {@code trySplice}: whether a compressed SPLICE is a candidate (not when one was just found empty). */
    private DeltaOp middle(byte[] tb, int off, int m, long t, long center, boolean trySplice) throws IOException {
        byte[] hash = Sha256.of(tb, off, m);
        DeltaOp best = new DeltaOp.Data(Codec.RAW, m, hash, Arrays.copyOfRange(tb, off, off + m));
        long bestSize = m;
        // A fast pass first: data that zstd -1 cannot shrink (fresh random or already compressed) is not worth
        // the slow levels.
        byte[] quick = DataCodecs.encode(Codec.ZSTD, tb, off, m, 1, 0);
        if (quick.length < INCOMPRESSIBLE * m) {
            for (Codec codec : new Codec[] {Codec.ZSTD, Codec.XZ}) {
                byte[] payload = DataCodecs.encode(codec, tb, off, m, options.zstdLevel(), options.xzPreset());
                if (payload.length < bestSize) {
                    best = new DeltaOp.Data(codec, m, hash, payload);
                    bestSize = payload.length;
                }
            }
        }
        if (options.bsdiff() && m >= MIN_BSDIFF && sourceSize > 0 && options.maxPatchSource() > 0) {
            int slack = Math.max(0, Math.min(Math.max(m, MIN_SLACK), (options.maxPatchSource() - m) / 2));
            long start = Math.max(0, Math.min(center - slack, sourceSize - 1));
            long end = Math.min(sourceSize, Math.max(center + m + slack, start + 1));
            int srcLen = (int) Math.min(end - start, options.maxPatchSource());
            byte[] source = new byte[srcLen];
            ChannelIo.readFully(src, start, source, 0, srcLen);
            if (SimilarityProbe.sharedFraction(tb, off, m, source) >= MIN_SHARED) {
                byte[] patch = BsDiff.diff(source, Arrays.copyOfRange(tb, off, off + m));
                // A BSDIFF op carries one more hash and two more varints than a DATA op.
                if (patch.length + 16 < bestSize) {
                    best = new DeltaOp.BsDiff(start, srcLen, m, Sha256.of(source, 0, srcLen), hash, patch);
                    bestSize = patch.length + 16;
                }
            }
        }
        // Version 3, data that compresses (erofs' lz4 blocks, code): literals compressed between copies found
        // anywhere in the source may beat a patch against one source region.
        if (trySplice && options.formatVersion() >= DeltaConstants.VERSION && m >= MIN_SPLICE) {
            Optional<DeltaOp> spliced = splicer.encode(tb, off, m, t, true);
            if (spliced.isPresent() && encodedSize(spliced.get()) < bestSize) {
                best = spliced.get();
            }
        }
        return best;
    }

    /** Payload bytes plus the fields a SPLICE writes beyond a DATA operation's. */
    private static long encodedSize(DeltaOp op) {
        DeltaOp.Splice sp = (DeltaOp.Splice) op;
        return sp.payload().length + 4;
    }

    private int commonPrefix(byte[] tb, int off, int len, long s) throws IOException {
        if (s < 0 || s >= sourceSize) {
            return 0;
        }
        int n = (int) Math.min(len, sourceSize - s);
        byte[] source = new byte[n];
        ChannelIo.readFully(src, s, source, 0, n);
        int mis = Arrays.mismatch(tb, off, off + n, source, 0, n);
        return mis < 0 ? n : mis;
    }

    private int commonSuffix(byte[] tb, int off, int len, long end) throws IOException {
        if (len == 0 || end <= 0 || end > sourceSize) {
            return 0;
        }
        int n = (int) Math.min(len, end);
        byte[] source = new byte[n];
        ChannelIo.readFully(src, end - n, source, 0, n);
        int q = 0;
        while (q < n && tb[off + len - 1 - q] == source[n - 1 - q]) {
            q++;
        }
        return q;
    }
}
