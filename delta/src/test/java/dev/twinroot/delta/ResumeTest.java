package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An apply that dies part way continues from its checkpoint and ends with exactly the target. */
class ResumeTest {

    @TempDir
    Path dir;
    private Path src;
    private Path out;
    private Checkpoint checkpoint;
    private byte[] target;
    private byte[] delta;
    private final DeltaApplier applier = new DeltaApplier(DeltaApplier.Options.defaults().withCheckpointInterval(16384));

    @BeforeEach
    void setUp() throws IOException {
        Random rnd = new Random(5);
        byte[] source = Images.image(rnd, 250_000);
        target = Images.edit(rnd, Images.edit(rnd, source));
        src = dir.resolve("src");
        Path tgt = dir.resolve("tgt");
        out = dir.resolve("out");
        checkpoint = Checkpoint.at(dir.resolve("out.checkpoint"));
        Files.write(src, source);
        Files.write(tgt, target);
        delta = Images.create(src, tgt, new DeltaGenerator.Options(4096, 64 << 10, 16 << 10, 64 << 10, 3, 1, true,
                ProgressListener.NONE));
    }

    @Test
    void crashAtManyPointsThenResumeGivesTheTarget() throws IOException {
        int resumedSomewhere = 0;
        for (int crashAt = 0; crashAt < delta.length; crashAt += Math.max(1, delta.length / 41)) {
            Files.deleteIfExists(out);
            Files.deleteIfExists(DeltaApplier.partialOf(out));
            checkpoint.delete();
            int at = crashAt;
            IOException crash = assertThrows(IOException.class, () -> applier.apply(src,
                    Images.failingAfter(delta, at), out, Optional.of(checkpoint)));
            assertTrue(crash.getMessage().contains("simulated crash"), crash.toString());
            assertFalse(Files.exists(out), "crash at " + at + " left a complete-looking output");
            ApplyResult r = applier.apply(src, new ByteArrayInputStream(delta), out, Optional.of(checkpoint));
            assertArrayEquals(target, Files.readAllBytes(out), "crash at " + at);
            assertFalse(Files.exists(checkpoint.file()), "checkpoint left behind");
            if (r.resumedAtTargetOffset() > 0) {
                resumedSomewhere++;
            }
        }
        assertTrue(resumedSomewhere > 10, "resumed only " + resumedSomewhere + " times");
    }

    @Test
    void crashTwiceThenResume() throws IOException {
        assertThrows(IOException.class, () -> applier.apply(src, Images.failingAfter(delta, delta.length / 3), out,
                Optional.of(checkpoint)));
        assertThrows(IOException.class, () -> applier.apply(src, Images.failingAfter(delta, delta.length - 1),
                out, Optional.of(checkpoint)));
        ApplyResult r = applier.apply(src, new ByteArrayInputStream(delta), out, Optional.of(checkpoint));
        assertTrue(r.resumedAtTargetOffset() > 0, DeltaInfo.read(new ByteArrayInputStream(delta)).toString());
        assertArrayEquals(target, Files.readAllBytes(out));
    }

    @Test
    void damagedPartialOutputStartsOverInsteadOfTrustingIt() throws IOException {
        assertThrows(IOException.class, () -> applier.apply(src, Images.failingAfter(delta, delta.length / 2), out,
                Optional.of(checkpoint)));
        Path partial = DeltaApplier.partialOf(out);
        try (RandomAccessFile f = new RandomAccessFile(partial.toFile(), "rw")) {
            f.seek(10);
            int b = f.read();
            f.seek(10);
            f.write(b ^ 0xFF);
        }
        ApplyResult r = applier.apply(src, new ByteArrayInputStream(delta), out, Optional.of(checkpoint));
        assertEquals(0, r.resumedAtTargetOffset());
        assertArrayEquals(target, Files.readAllBytes(out));
    }

    @Test
    void checkpointOfAnotherDeltaIsIgnored() throws IOException {
        assertThrows(IOException.class, () -> applier.apply(src, Images.failingAfter(delta, delta.length / 2), out,
                Optional.of(checkpoint)));
        Path other = dir.resolve("other");
        Files.write(other, Images.image(new Random(9), 300_000));
        byte[] otherDelta = Images.create(src, other, DeltaGenerator.Options.defaults());
        ApplyResult r = applier.apply(src, new ByteArrayInputStream(otherDelta), out, Optional.of(checkpoint));
        assertEquals(0, r.resumedAtTargetOffset());
        assertEquals(-1L, Files.mismatch(other, out));
    }
}
