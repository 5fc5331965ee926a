package dev.twinroot.delta;

import io.sigpipe.jbsdiff.DefaultDiffSettings;
import io.sigpipe.jbsdiff.Diff;
import io.sigpipe.jbsdiff.InvalidHeaderException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.commons.compress.compressors.CompressorStreamFactory;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The generator's side of BSDIFF operations. jbsdiff computes the patch (bzip2 blocks, as bsdiff 4 writes them);
 * then each of its three blocks is also tried in xz, whose LZMA2 usually takes 10-20 % off bsdiff's mostly-zero
 * diff block, and the smaller patch is kept. {@link BsPatch} reads both.
 */
final class BsDiff {

    /** LZMA2 dictionaries of BSDIFF blocks stay within what {@link BsPatch} lets one block use. */
    static final int MAX_XZ_DICT = 4 << 20;

    private BsDiff() {
    }

    static byte[] diff(byte[] source, byte[] target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, target.length / 8));
        try {
            Diff.diff(source, target, out, new DefaultDiffSettings(CompressorStreamFactory.BZIP2));
            byte[] bzip2 = out.toByteArray();
            byte[] xz = toXz(bzip2);
            return xz.length < bzip2.length ? xz : bzip2;
        } catch (IOException | InvalidHeaderException e) {
            throw new IllegalStateException("bsdiff into memory failed", e);
        }
    }

    /** The same patch with its three blocks recompressed with xz. */
    private static byte[] toXz(byte[] patch) throws IOException {
        long ctrlLength = BsPatch.offtin(patch, 8);
        long diffLength = BsPatch.offtin(patch, 16);
        int diffStart = 32 + (int) ctrlLength;
        int extraStart = diffStart + (int) diffLength;
        byte[] ctrl = xz(unbzip2(patch, 32, (int) ctrlLength));
        byte[] diff = xz(unbzip2(patch, diffStart, (int) diffLength));
        byte[] extra = xz(unbzip2(patch, extraStart, patch.length - extraStart));
        ByteBuffer b = ByteBuffer.allocate(32 + ctrl.length + diff.length + extra.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(patch, 0, 8).putLong(ctrl.length).putLong(diff.length).put(patch, 24, 8);
        return b.put(ctrl).put(diff).put(extra).array();
    }

    private static byte[] unbzip2(byte[] b, int off, int len) throws IOException {
        try (InputStream in = new BZip2CompressorInputStream(new ByteArrayInputStream(b, off, len))) {
            return in.readAllBytes();
        }
    }

    private static byte[] xz(byte[] data) throws IOException {
        LZMA2Options options = new LZMA2Options(6);
        options.setDictSize(Math.max(LZMA2Options.DICT_SIZE_MIN, Math.min(MAX_XZ_DICT, data.length)));
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
        try (XZOutputStream xz = new XZOutputStream(out, options, org.tukaani.xz.XZ.CHECK_NONE)) {
            xz.write(data);
        }
        return out.toByteArray();
    }
}
