package dev.twinroot.delta;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds short matches (from {@link #MIN_MATCH} bytes) of a target gap in the source around where the gap most
 * likely came from, for SPLICE operations (delta version 3), where a copy costs a few bytes instead of a COPY
 * operation's 12 to 16. What it is for: compressed images (squashfs) repeat the headers of their compressed
 * blocks (an xz stream header and block header, 24 bytes) and the first bytes of streams that start alike,
 * while everything between is new; the block indexes hold pieces of 64 bytes and more and never see them.
 *
 * <p>Every position of a source window around the expected place is hashed (8-byte keys, hash chains) and the
 * gap is parsed greedily: at each target byte the longest match wins, the one nearest to where the source
 * cursor stands on a tie (its address then takes one or two bytes).
 */
final class ShortMatchFinder {

    /**
     * Shortest match taken: a copy's length, address and the next literal's length take 3 to 6 bytes. Also the
     * hash key's length. On the rootfs squashfs pair 8 beat 12 by 22 KB (4,000 more copies of 8 to 11 bytes).
     */
    static final int MIN_MATCH = 8;
    /**
     * Bytes of source searched on each side of the expected place. Wider costs time and finds matches whose
     * addresses cost more: on the rootfs squashfs pair 64 KiB beat 256 KiB by 1.3 KB and 2 MiB was worse still.
     */
    static final int REACH = 64 << 10;
    private static final int KEY = MIN_MATCH;
    private static final int HASH_BITS = 18;
    private static final int MAX_CANDIDATES = 128;
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final FileChannel src;
    private final long sourceSize;
    private final int[] head = new int[1 << HASH_BITS];
    private int[] chain = new int[0];
    private byte[] window = new byte[0];

    ShortMatchFinder(FileChannel src, long sourceSize) {
        this.src = src;
        this.sourceSize = sourceSize;
    }

    /**
     * Matches in {@code tb[from, end)}, in target order, not overlapping; {@code expected} is the source offset
     * {@code tb[from]} most likely came from.
     */
    List<MovedDataFinder.Match> find(byte[] tb, int from, int end, long expected) throws IOException {
        List<MovedDataFinder.Match> found = new ArrayList<>();
        if (end - from < MIN_MATCH || sourceSize < MIN_MATCH) {
            return found;
        }
        long start = Math.max(0, Math.min(expected - REACH, sourceSize - 1));
        long stop = Math.min(sourceSize, Math.max(expected, 0) + (end - from) + REACH);
        if (stop - start < KEY) {
            return found;
        }
        int n = (int) (stop - start);
        index(start, n);
        long cursor = expected;
        int i = from;
        while (i + MIN_MATCH <= end) {
            int bestLength = 0;
            int bestAt = -1;
            int h = hash((long) LONG.get(tb, i));
            int candidates = 0;
            for (int c = head[h] - 1; c >= 0 && candidates < MAX_CANDIDATES; c = chain[c] - 1, candidates++) {
                int len = Arrays.mismatch(tb, i, Math.min(end, i + n - c), window, c, Math.min(n, c + end - i));
                len = len < 0 ? Math.min(end - i, n - c) : len;
                if (len > bestLength || (len == bestLength && len > 0
                        && Math.abs(start + c - cursor) < Math.abs(start + bestAt - cursor))) {
                    bestLength = len;
                    bestAt = c;
                }
            }
            if (bestLength >= MIN_MATCH) {
                found.add(new MovedDataFinder.Match(i, start + bestAt, bestLength));
                i += bestLength;
                cursor = start + bestAt + bestLength;
            } else {
                i++;
                cursor++;
            }
        }
        return found;
    }

    /** Reads source [start, start + n) and chains every position by the hash of its first {@link #KEY} bytes. */
    private void index(long start, int n) throws IOException {
        if (window.length < n) {
            window = new byte[n];
            chain = new int[n];
        }
        ChannelIo.readFully(src, start, window, 0, n);
        Arrays.fill(head, 0);
        for (int c = 0; c + KEY <= n; c++) {
            int h = hash((long) LONG.get(window, c));
            chain[c] = head[h];
            head[h] = c + 1;
        }
    }

    private static int hash(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - HASH_BITS));
    }
}
