package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.ProviderException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole target's SHA-256 on its own thread: the same digest as hashing in place, failures reach the caller. */
class TargetDigestTest {

    private static final String THREAD = "twinroot-target-sha256";

    @TempDir
    Path dir;

    /** Random mixes of submitted buffers, copied ranges, zero runs and snapshots give the plain SHA-256. */
    @Test
    void sameDigestAsHashingInPlace() throws IOException {
        Random rnd = new Random(11);
        for (int iteration = 0; iteration < 300; iteration++) {
            MessageDigest expected = Sha256.newDigest();
            int buffers = 1 + rnd.nextInt(4);
            try (TargetDigest digest = new TargetDigest(Sha256.newDigest(), buffers)) {
                int steps = rnd.nextInt(30);
                for (int s = 0; s < steps; s++) {
                    switch (rnd.nextInt(4)) {
                        case 0 -> {
                            byte[] b = digest.buffer();
                            int n = rnd.nextInt(TargetDigest.BUFFER + 1);
                            rnd.nextBytes(b);
                            expected.update(b, 0, n);
                            digest.submit(b, n);
                        }
                        case 1 -> {
                            byte[] b = new byte[rnd.nextInt(3 * TargetDigest.BUFFER)];
                            rnd.nextBytes(b);
                            int off = b.length == 0 ? 0 : rnd.nextInt(b.length);
                            int n = rnd.nextInt(b.length - off + 1);
                            digest.update(b, off, n);
                            expected.update(b, off, n);
                            Arrays.fill(b, (byte) 7); // reused on return: must not change what was hashed
                        }
                        case 2 -> {
                            long n = rnd.nextInt(3) == 0 ? rnd.nextInt(200) : rnd.nextInt(1 << 20);
                            digest.zeros(n);
                            expected.update(new byte[(int) n]);
                        }
                        default -> assertArrayEquals(Sha256.copyOf(expected).digest(), digest.snapshot().digest(),
                                "iteration " + iteration + " step " + s);
                    }
                }
                assertArrayEquals(expected.digest(), digest.digest(hashed -> { }), "iteration " + iteration);
            }
        }
        assertFalse(hashingThreadAlive(), "a hashing thread outlived its close()");
    }

    /** A resumed apply continues the state of the kept prefix. */
    @Test
    void continuesAGivenState() throws IOException {
        byte[] prefix = "the kept prefix".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        MessageDigest start = Sha256.newDigest();
        start.update(prefix);
        byte[] rest = new byte[100_000];
        new Random(3).nextBytes(rest);
        byte[] actual;
        try (TargetDigest digest = new TargetDigest(start, 2)) {
            digest.update(rest, 0, rest.length);
            actual = digest.digest(hashed -> { });
        }
        MessageDigest expected = Sha256.newDigest();
        expected.update(prefix);
        expected.update(rest);
        assertArrayEquals(expected.digest(), actual);
    }

    @Test
    void aFailureOnTheHashingThreadReachesTheCaller() throws IOException {
        ProviderException broken = new ProviderException("hardware hash engine gone");
        TargetDigest digest = new TargetDigest(new FailingDigest(1000, broken), 2);
        try {
            digest.zeros(5000);
            DeltaException e = assertThrows(DeltaException.class, () -> digest.digest(hashed -> { }));
            assertSame(broken, e.getCause());
            assertTrue(e.getMessage().contains("target's SHA-256"), e.getMessage());
            // Every later call fails the same way, instead of waiting for a thread that stopped hashing.
            assertSame(broken, assertThrows(DeltaException.class, digest::buffer).getCause());
            assertSame(broken, assertThrows(DeltaException.class, () -> digest.zeros(1)).getCause());
        } finally {
            digest.close();
        }
        assertFalse(hashingThreadAlive());
    }

    /** close() after a failure elsewhere stops the thread in the middle of a run of zeros that would take hours. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void closeStopsALongRunOfZeros() throws IOException {
        try (TargetDigest digest = new TargetDigest(Sha256.newDigest(), 2)) {
            digest.zeros(1L << 50);
            while (digest.hashed() == 0) {
                Thread.onSpinWait();
            }
        }
        assertFalse(hashingThreadAlive());
    }

    /** An interrupted caller, waiting for a buffer behind a long run of zeros, stops with InterruptedIOException. */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anInterruptedWaitForABufferStops() throws IOException {
        try (TargetDigest digest = new TargetDigest(Sha256.newDigest(), 1)) {
            digest.zeros(1L << 50);
            digest.submit(digest.buffer(), 10); // the only buffer now waits behind the zeros
            Thread.currentThread().interrupt();
            assertThrows(java.io.InterruptedIOException.class, digest::buffer);
            assertTrue(Thread.interrupted(), "the interrupt was swallowed");
        }
        assertFalse(hashingThreadAlive());
    }

    /**
     * Applying to a file: the hashing thread's failure ends the apply with a DeltaException carrying it, and
     * leaves neither the target nor its partial file, nor a thread.
     */
    @Test
    void applyFailsWithTheHashingThreadsErrorAndLeavesNothing() throws IOException {
        Random rnd = new Random(8);
        byte[] source = Images.image(rnd, 3 << 20);
        byte[] target = Images.edit(rnd, source);
        Path src = dir.resolve("src");
        Path tgt = dir.resolve("tgt");
        Files.write(src, source);
        Files.write(tgt, target);
        byte[] delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        Path out = dir.resolve("out");
        ProviderException broken = new ProviderException("hardware hash engine gone");
        DeltaApplier applier = new DeltaApplier(DeltaApplier.Options.defaults(),
                () -> new FailingDigest(1 << 20, broken));
        DeltaException e = assertThrows(DeltaException.class,
                () -> applier.apply(src, new ByteArrayInputStream(delta), out, Optional.empty()));
        assertSame(broken, e.getCause(), e.toString());
        assertFalse(Files.exists(out), "a failed apply left a complete-looking target");
        assertFalse(Files.exists(DeltaApplier.partialOf(out)), "a failed apply without a checkpoint left its partial");
        assertFalse(hashingThreadAlive());
        // The same applier with a working digest rebuilds the target: the failure was the digest's alone.
        new DeltaApplier(DeltaApplier.Options.defaults())
                .apply(src, new ByteArrayInputStream(delta), out, Optional.empty());
        assertEquals(-1L, Files.mismatch(tgt, out));
    }

    /** Applying to channels (slots): the same exception, and the thread is gone. */
    @Test
    void channelApplyFailsWithTheHashingThreadsError() throws IOException {
        Random rnd = new Random(9);
        byte[] source = Images.image(rnd, 1 << 20);
        Path src = dir.resolve("src");
        Path tgt = dir.resolve("tgt");
        Files.write(src, source);
        Files.write(tgt, Images.edit(rnd, source));
        byte[] delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        ProviderException broken = new ProviderException("hardware hash engine gone");
        DeltaApplier applier = new DeltaApplier(DeltaApplier.Options.defaults(), () -> new FailingDigest(0, broken));
        MemoryChannel slot = new MemoryChannel(new byte[0]);
        DeltaException e = assertThrows(DeltaException.class, () -> applier.apply(new MemoryChannel(source),
                new ByteArrayInputStream(delta), slot, Optional.empty()));
        assertSame(broken, e.getCause());
        assertFalse(hashingThreadAlive());
    }

    private static boolean hashingThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD) && t.isAlive());
    }

    /** SHA-256 that throws {@code failure} once more than {@code limit} bytes reach it. */
    private static final class FailingDigest extends MessageDigest {
        private final MessageDigest real = Sha256.newDigest();
        private final long limit;
        private final RuntimeException failure;
        private long seen;

        FailingDigest(long limit, RuntimeException failure) {
            super("SHA-256");
            this.limit = limit;
            this.failure = failure;
        }

        @Override
        protected void engineUpdate(byte input) {
            engineUpdate(new byte[] {input}, 0, 1);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            seen += len;
            if (seen > limit) {
                throw failure;
            }
            real.update(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            return real.digest();
        }

        @Override
        protected void engineReset() {
            real.reset();
            seen = 0;
        }
    }
}
