package dev.twinroot.delta;

import dev.twinroot.delta.format.Codec;
import dev.twinroot.delta.format.DeltaConstants;
import dev.twinroot.delta.format.DeltaOp;
import java.io.IOException;
import java.util.Optional;

/**
 * Builds SPLICE operations (delta version 3) for changed target regions: the copies come from three finders,
 * coarsest first (whole moved blocks, then moved fine pieces, then short matches near the cursor), and the bytes
 * no finder covers are literals. The stream is stored raw, or compressed when that is smaller.
 */
final class SpliceEncoder {

    /** A fast zstd pass that saves less than this says the stream is not worth the slow codecs. */
    private static final double INCOMPRESSIBLE = 0.97;

    private final MovedDataFinder moved;
    private final MovedDataFinder fineMoved;
    private final ShortMatchFinder shortMatches;
    private final DeltaGenerator.Options options;

    SpliceEncoder(MovedDataFinder moved, MovedDataFinder fineMoved, ShortMatchFinder shortMatches,
                  DeltaGenerator.Options options) {
        this.moved = moved;
        this.fineMoved = fineMoved;
        this.shortMatches = shortMatches;
        this.options = options;
    }

    /**
     * A SPLICE of {@code tb[off, off+m)} (target offset {@code t}): copies of moved blocks, of moved fine pieces
     * and short matches nearby, literals between; empty when it finds no copy or the stream outgrows an
     * operation. {@code compress}: try zstd and xz on the stream even when a fast probe says it does not shrink.
     */
    Optional<DeltaOp> encode(byte[] tb, int off, int m, long t, boolean compress) throws IOException {
        SpliceBuilder splice = new SpliceBuilder(t);
        splice(moved, tb, off, off + m, splice, (from, end) -> {
            if (end - from < 2 * fineMoved.pieceSize()) {
                spliceShort(tb, from, end, splice);
            } else {
                splice(fineMoved, tb, from, end, splice, (f, e) -> spliceShort(tb, f, e, splice));
            }
        });
        byte[] stream = splice.finish();
        if (splice.copies() == 0 || stream.length > DeltaConstants.MAX_OP_BUFFER) {
            return Optional.empty();
        }
        return Optional.of(spliceOp(tb, off, m, stream, compress));
    }

    /** The bytes between the copies a finder found, for the next finder. */
    @FunctionalInterface
    private interface SpliceGap {
        void fill(int from, int end) throws IOException;
    }

    private void splice(MovedDataFinder finder, byte[] tb, int from, int end, SpliceBuilder splice, SpliceGap gaps)
            throws IOException {
        for (Optional<MovedDataFinder.Match> m = finder.next(tb, from, end); m.isPresent();
             m = finder.next(tb, from, end)) {
            MovedDataFinder.Match match = m.get();
            if (match.at() > from) {
                gaps.fill(from, match.at());
            }
            splice.copy(match.source(), match.length());
            from = match.at() + match.length();
        }
        if (from < end) {
            gaps.fill(from, end);
        }
    }

    private void spliceShort(byte[] tb, int from, int end, SpliceBuilder splice) throws IOException {
        for (MovedDataFinder.Match m : shortMatches.find(tb, from, end, splice.cursorAfterLiteral(0))) {
            splice.literal(tb, from, m.at() - from);
            splice.copy(m.source(), m.length());
            from = m.at() + m.length();
        }
        splice.literal(tb, from, end - from);
    }

    private DeltaOp spliceOp(byte[] tb, int off, int m, byte[] stream, boolean compress) {
        byte[] hash = Sha256.of(tb, off, m);
        DeltaOp best = new DeltaOp.Splice(Codec.RAW, m, stream.length, hash, stream);
        long bestSize = stream.length;
        if (compress || DataCodecs.encode(Codec.ZSTD, stream, 0, stream.length, 1, 0).length
                < INCOMPRESSIBLE * stream.length) {
            for (Codec codec : new Codec[] {Codec.ZSTD, Codec.XZ}) {
                byte[] payload = DataCodecs.encode(codec, stream, 0, stream.length, options.zstdLevel(),
                        options.xzPreset());
                // A compressed payload writes its length once more than a raw one.
                if (payload.length + 4 < bestSize) {
                    best = new DeltaOp.Splice(codec, m, stream.length, hash, payload);
                    bestSize = payload.length + 4;
                }
            }
        }
        return best;
    }

}
