package dev.twinroot.delta;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/** Test images and edits, built in code from a seeded Random. */
final class Images {

    private Images() {
    }

    /** Compressible-ish content: runs of repeated words, random bytes and zeros, like a filesystem image. */
    static byte[] image(Random rnd, int size) {
        byte[] b = new byte[size];
        int i = 0;
        while (i < size) {
            int run = Math.min(size - i, 1 + rnd.nextInt(20000));
            switch (rnd.nextInt(3)) {
                case 0 -> {
                    byte[] r = new byte[run];
                    rnd.nextBytes(r);
                    System.arraycopy(r, 0, b, i, run);
                }
                case 1 -> {
                    byte[] word = ("word" + rnd.nextInt(1000) + " ").getBytes();
                    for (int k = 0; k < run; k++) {
                        b[i + k] = word[k % word.length];
                    }
                }
                default -> { }
            }
            i += run;
        }
        return b;
    }

    /** Applies 1..6 random edits of the kinds a new image version shows. */
    static byte[] edit(Random rnd, byte[] src) {
        byte[] t = src.clone();
        int edits = 1 + rnd.nextInt(6);
        for (int e = 0; e < edits; e++) {
            int kind = rnd.nextInt(8);
            int n = t.length == 0 ? 0 : rnd.nextInt(t.length);
            int len = 1 + rnd.nextInt(Math.max(1, Math.min(50000, t.length / 3 + 1)));
            switch (kind) {
                case 0 -> { // overwrite in place
                    for (int k = 0; k < len && n + k < t.length; k++) {
                        t[n + k] = (byte) rnd.nextInt();
                    }
                }
                case 1 -> { // move a region elsewhere
                    if (t.length > 0) {
                        int from = rnd.nextInt(t.length);
                        int l = Math.min(len, Math.min(t.length - from, t.length - n));
                        System.arraycopy(t, from, t, n, l);
                    }
                }
                case 2 -> { // insert bytes (shifts the rest)
                    byte[] ins = new byte[Math.min(len, 5000)];
                    rnd.nextBytes(ins);
                    t = concat(Arrays.copyOf(t, n), ins, Arrays.copyOfRange(t, n, t.length));
                }
                case 3 -> { // delete bytes
                    int l = Math.min(len, t.length - n);
                    t = concat(Arrays.copyOf(t, n), Arrays.copyOfRange(t, n + l, t.length));
                }
                case 4 -> Arrays.fill(t, n, Math.min(t.length, n + len), (byte) 0); // zero run
                case 5 -> { // append a tail
                    byte[] tail = new byte[len];
                    rnd.nextBytes(tail);
                    t = concat(t, tail);
                }
                case 6 -> t = Arrays.copyOf(t, Math.max(0, t.length - len)); // truncate the tail
                default -> { // grow with zeros (a bigger filesystem)
                    t = Arrays.copyOf(t, t.length + len);
                }
            }
        }
        return t;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] create(Path source, Path target, DeltaGenerator.Options options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DeltaGenerator.create(source, target, out, options);
        return out.toByteArray();
    }

    static byte[] apply(Path source, byte[] delta, Path out) throws IOException {
        new DeltaApplier(DeltaApplier.Options.defaults()).apply(source, new java.io.ByteArrayInputStream(delta), out,
                Optional.empty());
        return Files.readAllBytes(out);
    }

    /** A stream that fails after {@code limit} bytes, as a dropped connection or a crash would. */
    static InputStream failingAfter(byte[] data, long limit) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= limit) {
                    throw new IOException("simulated crash at delta offset " + pos);
                }
                return pos < data.length ? data[pos++] & 0xFF : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos >= limit) {
                    throw new IOException("simulated crash at delta offset " + pos);
                }
                if (pos >= data.length) {
                    return -1;
                }
                int n = (int) Math.min(len, Math.min(limit - pos, data.length - pos));
                System.arraycopy(data, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }
}
