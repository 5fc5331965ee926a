package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.AppsFormatException;
import dev.twinroot.supervisor.apps.Digest;
import dev.twinroot.supervisor.apps.DigestMismatchException;
import dev.twinroot.supervisor.apps.layer.LayerStreams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/** A layer blob's uncompressed tar: written out, or only hashed, and checked against its diff_id. */
final class LayerTars {

    private LayerTars() {
    }

    /**
     * Decompresses {@code blob} into the file {@code out}, hashing as it goes; the tar must hash to
     * {@code diffId} and be at most {@code max} bytes. Returns its size.
     */
    static long extract(Path blob, Path out, Digest diffId, long max, String what) throws IOException {
        try (OutputStream o = Files.newOutputStream(out)) {
            return copy(blob, o, diffId, max, what);
        }
    }

    /** Checks that {@code blob} uncompressed hashes to {@code diffId}; returns the tar's size. */
    static long check(Path blob, Digest diffId, long max, String what) throws IOException {
        return copy(blob, OutputStream.nullOutputStream(), diffId, max, what);
    }

    private static long copy(Path blob, OutputStream out, Digest diffId, long max, String what) throws IOException {
        MessageDigest sha = Digest.sha256();
        long total = 0;
        try (InputStream raw = Files.newInputStream(blob)) {
            InputStream in;
            try {
                in = LayerStreams.uncompressed(raw);
            } catch (IOException e) {
                throw new AppsFormatException(what + ": bad compression header: " + e.getMessage(), e);
            }
            byte[] buf = new byte[64 * 1024];
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (IOException e) {
                    throw new AppsFormatException(what + ": cannot be decompressed: " + e.getMessage(), e);
                }
                if (n < 0) {
                    break;
                }
                total = Math.addExact(total, n);
                if (total > max) {
                    throw new AppsFormatException(what + ": more than " + max + " bytes uncompressed");
                }
                sha.update(buf, 0, n);
                out.write(buf, 0, n);
            }
        }
        Digest found = new Digest(HexFormat.of().formatHex(sha.digest()));
        if (!found.equals(diffId)) {
            throw new DigestMismatchException(what + ": uncompressed content hashes to " + found.shortHex()
                    + ", expected " + diffId.shortHex());
        }
        return total;
    }
}
