package dev.twinroot.delta;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.Arrays;

/** The generator's first pass over the source: its SHA-256 and the block index. See {@link TargetScan}. */
record SourceScan(byte[] sha256, BlockIndex index) {

    private static final int CHUNK = 8 << 20;

    static SourceScan of(FileChannel ch, DeltaGenerator.Options options, long size) throws IOException {
        int block = options.blockSize();
        BlockIndex index = new BlockIndex((size + block - 1) / block);
        MessageDigest sha = Sha256.newDigest();
        byte[] buf = new byte[CHUNK];
        byte[] zeros = new byte[block];
        for (long pos = 0; pos < size; pos += CHUNK) {
            int n = (int) Math.min(CHUNK, size - pos);
            ChannelIo.readFully(ch, pos, buf, 0, n);
            sha.update(buf, 0, n);
            for (int i = 0; i + block <= n; i += block) {
                if (Arrays.mismatch(buf, i, i + block, zeros, 0, block) >= 0) {
                    index.putIfAbsent(BlockHash.of(buf, i, block), Math.toIntExact((pos + i) / block));
                }
            }
            options.progress().update("scan", pos + n, size);
        }
        return new SourceScan(sha.digest(), index);
    }
}
