package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An apply told that the caller has hashed the whole source ({@link DeltaApplier.Options#withVerifiedSource}):
 * the same target; a claim that is not the header's source fails before anything is written; and a claim that is
 * false (the source changed after the caller hashed it) is still caught by the whole target's SHA-256.
 */
class VerifiedSourceTest {

    @TempDir
    Path dir;
    private Path src;
    private byte[] source;
    private byte[] target;
    private byte[] delta;

    @BeforeEach
    void setUp() throws IOException {
        Random rnd = new Random(23);
        // Mostly moved and kept data: many COPY operations, the ones the verified source lets through unhashed.
        source = Images.image(rnd, 600_000);
        target = Images.edit(rnd, source);
        src = dir.resolve("src");
        Files.write(src, source);
        Path tgt = dir.resolve("tgt");
        Files.write(tgt, target);
        delta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
    }

    @Test
    void withTheSourcesTrueHashTheTargetIsTheSame() throws IOException {
        Path out = dir.resolve("out");
        new DeltaApplier(DeltaApplier.Options.defaults().withVerifiedSource(Sha256.of(source, 0, source.length)))
                .apply(src, new ByteArrayInputStream(delta), out, Optional.empty());
        assertArrayEquals(target, Files.readAllBytes(out));
    }

    @Test
    void aVerifiedHashThatIsNotTheDeltasSourceFailsBeforeAnyWrite() throws IOException {
        byte[] other = source.clone();
        other[0] ^= 1;
        Path out = dir.resolve("out");
        SourceMismatchException e = assertThrows(SourceMismatchException.class, () -> new DeltaApplier(
                DeltaApplier.Options.defaults().withVerifiedSource(Sha256.of(other, 0, other.length)))
                .apply(src, new ByteArrayInputStream(delta), out, Optional.empty()));
        assertTrue(e.getMessage().startsWith("wrong source image: its SHA-256 is "), e.getMessage());
        assertFalse(Files.exists(out) || Files.exists(DeltaApplier.partialOf(out)), "nothing is left behind");
    }

    /**
     * The target is the source with its last bytes changed, so its first part is one COPY. A source changed in
     * that part after the caller hashed it: without the claim the COPY's own hash names the source; with it, the
     * COPY is not hashed, and the whole target's SHA-256 refuses the result.
     */
    @Test
    void aSourceChangedAfterItWasHashedIsCaughtByTheTargetsHashInsteadOfTheCopysOwn() throws IOException {
        byte[] edited = source.clone();
        for (int i = edited.length - 100; i < edited.length; i++) {
            edited[i] = (byte) ~edited[i];
        }
        Path tgt = dir.resolve("edited");
        Files.write(tgt, edited);
        byte[] copyDelta = Images.create(src, tgt, DeltaGenerator.Options.defaults());
        byte[] changed = source.clone();
        changed[10] ^= 0x5a;
        Path changedSrc = dir.resolve("changed");
        Files.write(changedSrc, changed);

        Path checked = dir.resolve("checked");
        assertThrows(SourceMismatchException.class, () -> new DeltaApplier(DeltaApplier.Options.defaults())
                .apply(changedSrc, new ByteArrayInputStream(copyDelta), checked, Optional.empty()));
        Path trusted = dir.resolve("trusted");
        assertThrows(TargetMismatchException.class, () -> new DeltaApplier(
                DeltaApplier.Options.defaults().withVerifiedSource(Sha256.of(source, 0, source.length)))
                .apply(changedSrc, new ByteArrayInputStream(copyDelta), trusted, Optional.empty()));
        assertFalse(Files.exists(checked) || Files.exists(trusted), "the output never looks complete");
    }

    @Test
    void aVerifiedHashMustBeASha256() {
        assertThrows(IllegalArgumentException.class, () -> DeltaApplier.Options.defaults().withVerifiedSource(new byte[20]));
    }
}
