package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaConstants;
import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.DeltaWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds a delta that rebuilds {@code target} from {@code source}.
 *
 * <p>First both images are hashed (in parallel) and the source is indexed block by block. Then the target is
 * walked in windows of {@link Options#windowSize()} bytes: each block is zeros, a copy of some source block
 * (the one that continues the previous copy, the one at the same offset, or any with the same content), or
 * changed. Runs of changed blocks go to {@link ChangedRegionEncoder}, which trims them to the changed bytes and
 * picks the smallest encoding. Memory: the index (24 bytes per source block) plus a few windows.
 */
public final class DeltaGenerator {

    /** Tuning for {@link #create}. Built once, validated when built. */
    public record Options(int blockSize, int windowSize, int maxChangedRun, int maxPatchSource, int zstdLevel,
                          int xzPreset, boolean bsdiff, ProgressListener progress, int formatVersion) {

        /** Options for the current format version ({@link DeltaConstants#VERSION}). */
        public Options(int blockSize, int windowSize, int maxChangedRun, int maxPatchSource, int zstdLevel,
                       int xzPreset, boolean bsdiff, ProgressListener progress) {
            this(blockSize, windowSize, maxChangedRun, maxPatchSource, zstdLevel, xzPreset, bsdiff, progress,
                    DeltaConstants.VERSION);
        }

        public Options {
            if (formatVersion != DeltaConstants.VERSION && formatVersion != DeltaConstants.VERSION_2) {
                throw new IllegalArgumentException("delta format version must be 2 or 3: " + formatVersion);
            }
            if (Integer.bitCount(blockSize) != 1 || blockSize < 512 || blockSize > (1 << 20)) {
                throw new IllegalArgumentException("block size must be a power of two in 512..1 MiB: " + blockSize);
            }
            if (windowSize < blockSize || windowSize % blockSize != 0 || windowSize > (64 << 20)) {
                throw new IllegalArgumentException("window must be a multiple of the block size, at most 64 MiB");
            }
            if (maxChangedRun < blockSize || maxChangedRun > DeltaConstants.MAX_OP_BUFFER
                    || maxPatchSource > DeltaConstants.MAX_OP_BUFFER || maxPatchSource < 0) {
                throw new IllegalArgumentException("changed runs and patch sources are at most 8 MiB");
            }
            if (zstdLevel < 1 || zstdLevel > 22 || xzPreset < 0 || xzPreset > 9) {
                throw new IllegalArgumentException("zstd level 1..22, xz preset 0..9");
            }
        }

        public static Options defaults() {
            return new Options(4096, 16 << 20, 4 << 20, 8 << 20, 19, 6, true, ProgressListener.NONE);
        }

        public Options withProgress(ProgressListener listener) {
            return new Options(blockSize, windowSize, maxChangedRun, maxPatchSource, zstdLevel, xzPreset, bsdiff,
                    listener, formatVersion);
        }

        /**
         * Version 2 for fleets whose devices cannot read version 3 (no SPLICE operations: short matches inside
         * compressed data are then stored as literals).
         */
        public Options withFormatVersion(int version) {
            return new Options(blockSize, windowSize, maxChangedRun, maxPatchSource, zstdLevel, xzPreset, bsdiff,
                    progress, version);
        }

        /** {@code false}: no changed region is encoded as a bsdiff patch (faster, larger deltas). */
        public Options withBsdiff(boolean use) {
            return new Options(blockSize, windowSize, maxChangedRun, maxPatchSource, zstdLevel, xzPreset, use,
                    progress, formatVersion);
        }

        public Options withBlockSize(int size) {
            return new Options(size, Math.max(windowSize / size, 1) * size, Math.max(maxChangedRun, size),
                    maxPatchSource, zstdLevel, xzPreset, bsdiff, progress, formatVersion);
        }
    }

    private DeltaGenerator() {
    }

    /** Writes the delta to {@code out} (not closed) and returns what it holds. */
    public static DeltaInfo create(Path source, Path target, OutputStream out, Options options) throws IOException {
        try (FileChannel src = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel tgt = FileChannel.open(target, StandardOpenOption.READ)) {
            long sourceSize = src.size();
            long targetSize = tgt.size();
            ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "delta-source-scan");
                t.setDaemon(true);
                return t;
            });
            SourceScan scan;
            TargetScan targetScan;
            try {
                Future<SourceScan> scanning = pool.submit(() -> SourceScan.of(src, options, sourceSize));
                targetScan = TargetScan.of(tgt, targetSize, options.blockSize());
                scan = scanning.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("scanning " + source, e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while scanning " + source, e);
            } finally {
                pool.shutdownNow();
            }
            DeltaHeader header = DeltaHeader.of(options.formatVersion(), options.blockSize(), sourceSize, scan.sha256(), targetSize,
                    targetScan.sha256());
            DeltaWriter writer = new DeltaWriter(out, header);
            DeltaInfo.Tally tally = new DeltaInfo.Tally(header);
            OpEmitter emitter = new OpEmitter(writer, tally, src);
            new Walk(src, tgt, sourceSize, targetSize, scan, targetScan, options, emitter).run();
            emitter.finish();
            return tally.toInfo(writer.bytesWritten());
        }
    }

    /** One pass over the target, classifying blocks. */
    private static final class Walk {
        private final FileChannel src;
        private final FileChannel tgt;
        private final long sourceSize;
        private final long targetSize;
        private final BlockIndex index;
        private final TargetScan targetScan;
        private final Options options;
        private final OpEmitter emitter;
        private final ChangedRegionEncoder changed;
        private final int block;
        private final byte[] zeros;
        private final byte[] candidate;
        private final byte[] tb;
        private final byte[] sb;
        private boolean sbLoaded;

        Walk(FileChannel src, FileChannel tgt, long sourceSize, long targetSize, SourceScan scan,
             TargetScan targetScan, Options options, OpEmitter emitter) {
            this.src = src;
            this.tgt = tgt;
            this.sourceSize = sourceSize;
            this.targetSize = targetSize;
            this.index = scan.index();
            this.targetScan = targetScan;
            this.options = options;
            this.emitter = emitter;
            this.changed = new ChangedRegionEncoder(src, sourceSize, targetSize, options, emitter,
                    new MovedDataFinder(src, sourceSize, scan.index(), options.blockSize()),
                    new MovedDataFinder(src, sourceSize, scan.fineIndex(), scan.fineSize()),
                    new ShortMatchFinder(src, sourceSize));
            this.block = options.blockSize();
            this.zeros = new byte[block];
            this.candidate = new byte[block];
            this.tb = new byte[options.windowSize()];
            this.sb = new byte[options.windowSize()];
        }

        void run() throws IOException {
            for (long w = 0; w < targetSize; w += tb.length) {
                int n = (int) Math.min(tb.length, targetSize - w);
                if (targetScan.zeros(w, n)) {
                    emitter.zero(n);
                } else {
                    ChannelIo.readFully(tgt, w, tb, 0, n);
                    sbLoaded = false;
                    window(w, n, (int) Math.max(0, Math.min(n, sourceSize - w)));
                }
                options.progress().update("create", w + n, targetSize);
            }
        }

        private void window(long w, int n, int sn) throws IOException {
            int runStart = -1;
            for (int i = 0; i < n; i += block) {
                int len = Math.min(block, n - i);
                boolean zero = Arrays.mismatch(tb, i, i + len, zeros, 0, len) < 0;
                long match = zero ? -1 : findCopy(w, i, len, sn, runStart < 0);
                boolean isChanged = !zero && match < 0;
                if (runStart >= 0 && (!isChanged || i - runStart + len > options.maxChangedRun())) {
                    changed.encode(tb, runStart, i - runStart, w + runStart,
                            isChanged ? OptionalLong.empty() : matchAnchor(match));
                    runStart = -1;
                }
                if (zero) {
                    emitter.zero(len);
                } else if (match >= 0) {
                    emitter.copy(match, tb, i, len);
                } else if (runStart < 0) {
                    runStart = i;
                }
            }
            if (runStart >= 0) {
                changed.encode(tb, runStart, n - runStart, w + runStart, OptionalLong.empty());
            }
        }

        private static OptionalLong matchAnchor(long match) {
            return match >= 0 ? OptionalLong.of(match) : OptionalLong.empty();
        }

        /** The source offset holding exactly target block {@code tb[i, i+len)}, or -1. */
        private long findCopy(long w, int i, int len, int sn, boolean afterCopy) throws IOException {
            long t = w + i;
            long tried = -1;
            OptionalLong next = afterCopy ? emitter.openCopyEnd() : OptionalLong.empty();
            if (next.isPresent() && next.getAsLong() != t) {
                tried = next.getAsLong();
                if (sourceEquals(tried, i, len)) {
                    return tried;
                }
            }
            if (i + len <= sn) {
                if (!sbLoaded) {
                    // Read lazily: a window of zeros (most of a sparse image) never needs its source.
                    ChannelIo.readFully(src, w, sb, 0, sn);
                    sbLoaded = true;
                }
                if (Arrays.mismatch(tb, i, i + len, sb, i, i + len) < 0) {
                    return t;
                }
            }
            if (len == block) {
                int b = index.get(BlockHash.of(tb, i, len));
                long s = b < 0 ? -1 : (long) b * block;
                if (s >= 0 && s != tried && s != t && sourceEquals(s, i, len)) {
                    return s;
                }
            }
            return -1;
        }

        private boolean sourceEquals(long s, int i, int len) throws IOException {
            if (s + len > sourceSize) {
                return false;
            }
            ChannelIo.readFully(src, s, candidate, 0, len);
            return Arrays.mismatch(tb, i, i + len, candidate, 0, len) < 0;
        }
    }
}
