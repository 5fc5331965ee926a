package dev.twinroot.delta;

import io.sigpipe.jbsdiff.DefaultDiffSettings;
import io.sigpipe.jbsdiff.Diff;
import io.sigpipe.jbsdiff.InvalidHeaderException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/** The generator's side of BSDIFF operations: jbsdiff with bzip2 blocks, which {@link BsPatch} reads. */
final class BsDiff {

    private BsDiff() {
    }

    static byte[] diff(byte[] source, byte[] target) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(256, target.length / 8));
        try {
            Diff.diff(source, target, out, new DefaultDiffSettings(CompressorStreamFactory.BZIP2));
        } catch (IOException | InvalidHeaderException e) {
            throw new IllegalStateException("bsdiff into memory failed", e);
        }
        return out.toByteArray();
    }
}
