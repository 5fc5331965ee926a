package dev.twinroot.delta;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;

/** The generator's first pass over the source: its SHA-256 and the block index. See {@link TargetScan}. */
record SourceScan(byte[] sha256, BlockIndex index) {

    /** Bytes read at a time: see {@link ChannelIo#stream}. A multiple of every block size (at most 1 MiB). */
    static final int CHUNK = 1 << 20;

    static SourceScan of(FileChannel ch, DeltaGenerator.Options options, long size) throws IOException {
        int block = options.blockSize();
        BlockIndex index = new BlockIndex((size + block - 1) / block);
        MessageDigest sha = Sha256.newDigest();
        byte[] zeros = new byte[block];
        ChannelIo.stream(ch, size, Math.max(CHUNK / 4, block), (buf, n, pos) -> {
            sha.update(buf, 0, n);
            for (int i = 0; i + block <= n; i += block) {
                if (Arrays.mismatch(buf, i, i + block, zeros, 0, block) >= 0) {
                    index.putIfAbsent(BlockHash.of(buf, i, block), Math.toIntExact((pos + i) / block));
                }
            }
            if ((pos + n) % CHUNK == 0 || pos + n == size) {
                options.progress().update("scan", pos + n, size);
            }
        });
        return new SourceScan(sha.digest(), index);
    }
}
