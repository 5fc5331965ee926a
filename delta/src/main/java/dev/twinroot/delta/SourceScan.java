package dev.twinroot.delta;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * The generator's first pass over the source: its SHA-256, the index of its blocks, and a second index of smaller
 * pieces ({@link #fineSize} bytes) for finding short runs of moved data. See {@link TargetScan}.
 */
record SourceScan(byte[] sha256, BlockIndex index, BlockIndex fineIndex, int fineSize) {

    /** Bytes read at a time: see {@link ChannelIo#stream}. A multiple of every block size (at most 1 MiB). */
    static final int CHUNK = 1 << 20;

    /** Smallest piece the fine index holds: a copy costs about 20 bytes, so shorter matches barely pay. */
    static final int MIN_FINE = 64;

    /** Pieces the fine index may hold (about 24 bytes each): its size grows with the source's up to this. */
    static final long MAX_FINE_PIECES = 4L << 20;

    static SourceScan of(FileChannel ch, DeltaGenerator.Options options, long size) throws IOException {
        int block = options.blockSize();
        int fine = fineSize(size, block);
        BlockIndex index = new BlockIndex((size + block - 1) / block);
        BlockIndex fineIndex = new BlockIndex((size + fine - 1) / fine);
        MessageDigest sha = Sha256.newDigest();
        byte[] zeros = new byte[block];
        ChannelIo.stream(ch, size, Math.max(CHUNK / 4, block), (buf, n, pos) -> {
            sha.update(buf, 0, n);
            for (int i = 0; i + block <= n; i += block) {
                if (Arrays.mismatch(buf, i, i + block, zeros, 0, block) >= 0) {
                    index.putIfAbsent(BlockHash.of(buf, i, block), Math.toIntExact((pos + i) / block));
                }
            }
            for (int i = 0; i + fine <= n; i += fine) {
                if (Arrays.mismatch(buf, i, i + fine, zeros, 0, fine) >= 0) {
                    fineIndex.putIfAbsent(BlockHash.of(buf, i, fine), Math.toIntExact((pos + i) / fine));
                }
            }
            if ((pos + n) % CHUNK == 0 || pos + n == size) {
                options.progress().update("scan", pos + n, size);
            }
        });
        return new SourceScan(sha.digest(), index, fineIndex, fine);
    }

    /** The fine piece size for a source of {@code size} bytes: a power of two, MIN_FINE..block. */
    static int fineSize(long size, int block) {
        int fine = Math.min(MIN_FINE, block);
        while (fine < block && (size + fine - 1) / fine > MAX_FINE_PIECES) {
            fine <<= 1;
        }
        return fine;
    }
}
