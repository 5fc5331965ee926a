package dev.twinroot.delta;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Finds source data inside a changed target region at any byte offset, not only at block boundaries. Images
 * whose contents are packed back to back (squashfs packs compressed blocks without padding) move everything
 * after a change by a number of bytes that is rarely a multiple of the block size, and then no target block
 * lines up with a source block. A rolling hash looks every byte offset of the region up in the index of
 * aligned source blocks; a hit is confirmed byte by byte and grown in both directions.
 */
final class MovedDataFinder {

    /** A copy found in a changed region: target bytes {@code [at, at + length)} equal source bytes at {@code source}. */
    record Match(int at, long source, int length) {
    }

    /** Distances between source and target offsets count as one within this many bytes. */
    private static final long SHIFT_BUCKET = 16 << 10;
    private static final int MIN_VOTES = 3;

    private final FileChannel src;
    private final long sourceSize;
    private final BlockIndex index;
    private final int block;
    private final long outFactor;
    private final byte[] candidate;
    private final byte[] around;

    MovedDataFinder(FileChannel src, long sourceSize, BlockIndex index, int block) {
        this.src = src;
        this.sourceSize = sourceSize;
        this.index = index;
        this.block = block;
        this.outFactor = BlockHash.outFactor(block);
        this.candidate = new byte[block];
        this.around = new byte[64 << 10];
    }

    /** The length of the source pieces it looks up: the shortest match it finds. */
    int pieceSize() {
        return block;
    }

    /**
     * The first match of at least one block in {@code tb[from, end)}, grown backwards (not before {@code from})
     * and forwards (not past {@code end}).
     */
    Optional<Match> next(byte[] tb, int from, int end) throws IOException {
        if (end - from < block) {
            return Optional.empty();
        }
        long h = BlockHash.of(tb, from, block);
        for (int k = from; ; k++) {
            int b = index.get(h);
            if (b >= 0 && equalsSource((long) b * block, tb, k)) {
                long s = (long) b * block;
                int back = matchBackward(tb, from, k, s);
                int fwd = matchForward(tb, k + block, end, s + block);
                return Optional.of(new Match(k - back, s - back, back + block + fwd));
            }
            if (k + block >= end) {
                return Optional.empty();
            }
            h = BlockHash.roll(h, tb[k], tb[k + block], outFactor);
        }
    }

    /**
     * Where in the source the bytes {@code tb[from, end)} most likely came from, edited: every piece of the region
     * found in the index votes for the distance between its source and target offsets (in buckets of
     * {@link #SHIFT_BUCKET} bytes), and the source offset of {@code tb[from]} under the winning distance is returned
     * when at least {@link #MIN_VOTES} pieces agree. Hits are not confirmed: a wrong one only casts a stray vote.
     */
    OptionalLong likelySource(byte[] tb, int from, int end) {
        if (end - from < block) {
            return OptionalLong.empty();
        }
        Map<Long, Integer> votes = new HashMap<>();
        long best = 0;
        int bestVotes = 0;
        long h = BlockHash.of(tb, from, block);
        for (int k = from; ; k++) {
            int b = index.get(h);
            if (b >= 0) {
                long shift = Math.floorDiv((long) b * block - k, SHIFT_BUCKET);
                int v = votes.merge(shift, 1, Integer::sum);
                if (v > bestVotes) {
                    bestVotes = v;
                    best = shift;
                }
            }
            if (k + block >= end) {
                break;
            }
            h = BlockHash.roll(h, tb[k], tb[k + block], outFactor);
        }
        if (bestVotes < MIN_VOTES) {
            return OptionalLong.empty();
        }
        long source = best * SHIFT_BUCKET + SHIFT_BUCKET / 2 + from;
        return source >= 0 && source < sourceSize ? OptionalLong.of(source) : OptionalLong.empty();
    }

    private boolean equalsSource(long s, byte[] tb, int k) throws IOException {
        if (s + block > sourceSize) {
            return false;
        }
        ChannelIo.readFully(src, s, candidate, 0, block);
        return Arrays.mismatch(tb, k, k + block, candidate, 0, block) < 0;
    }

    /** How many bytes before target {@code k} (not before {@code from}) equal those before source {@code s}. */
    private int matchBackward(byte[] tb, int from, int k, long s) throws IOException {
        int done = 0;
        while (k - done > from && s - done > 0) {
            int n = (int) Math.min(Math.min(around.length, k - done - from), s - done);
            ChannelIo.readFully(src, s - done - n, around, 0, n);
            for (int i = 1; i <= n; i++) {
                if (tb[k - done - i] != around[n - i]) {
                    return done + i - 1;
                }
            }
            done += n;
        }
        return done;
    }

    /** How many bytes from target {@code k} (before {@code end}) equal those from source {@code s}. */
    private int matchForward(byte[] tb, int k, int end, long s) throws IOException {
        int done = 0;
        while (k + done < end && s + done < sourceSize) {
            int n = (int) Math.min(Math.min(around.length, end - k - done), sourceSize - s - done);
            ChannelIo.readFully(src, s + done, around, 0, n);
            int mis = Arrays.mismatch(tb, k + done, k + done + n, around, 0, n);
            if (mis >= 0) {
                return done + mis;
            }
            done += n;
        }
        return done;
    }
}
