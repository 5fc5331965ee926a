package dev.twinroot.updater.filedelta;

import dev.twinroot.delta.DeltaApplier;
import dev.twinroot.delta.DeltaException;
import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.DeltaReader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The delta engine applied to whole files rather than slots: what the supervisor's image deltas use to rebuild
 * an application layer from the one before it. The supervisor may depend on the updater but not on the delta
 * module (docs/architecture.md), so this class is its one door to the engine, and the delta module's
 * exceptions stay behind it.
 *
 * <p>Deltas are made with 512-byte blocks: the unit a tar archive aligns its members to, so a member that moved
 * because an earlier one grew is still found block by block.
 */
public final class FileDelta {

    /** Tar's record unit. */
    public static final int TAR_BLOCK = 512;

    private FileDelta() {
    }

    /** Writes to {@code delta} what rebuilds {@code target} from {@code source}; returns its size in bytes. */
    public static long create(Path source, Path target, Path delta) throws IOException {
        DeltaGenerator.Options options = DeltaGenerator.Options.defaults().withBlockSize(TAR_BLOCK);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(delta), 1 << 16)) {
            return DeltaGenerator.create(source, target, out, options).deltaSize();
        } catch (DeltaException e) {
            throw new FileDeltaException(e.getMessage(), e);
        }
    }

    /** What a delta rebuilds from what: sizes and SHA-256 (lowercase hex) of its source and target. */
    public record Ends(long sourceSize, String sourceSha256, long targetSize, String targetSha256) {
    }

    /** Reads the header of the delta in {@code delta}, checking its structure; the rest is not read. */
    public static Ends ends(Path delta) throws IOException {
        try (InputStream in = Files.newInputStream(delta)) {
            DeltaHeader h = new DeltaReader(in).readHeader();
            return new Ends(h.sourceSize(), h.sourceSha256Hex(), h.targetSize(), h.targetSha256Hex());
        } catch (DeltaException e) {
            throw new FileDeltaException(e.getMessage(), e);
        }
    }

    /**
     * Rebuilds {@code target} from {@code source} and {@code delta}, in bounded memory. {@code target} exists
     * afterwards only if every operation and the whole result matched the delta's hashes.
     *
     * @throws FileDeltaException the delta is damaged, was made for another source, or asks for more than
     *     the engine allows; an I/O failure of the files themselves is a plain IOException
     */
    public static void apply(Path source, InputStream delta, Path target) throws IOException {
        try {
            new DeltaApplier(DeltaApplier.Options.defaults()).apply(source, delta, target, Optional.empty());
        } catch (DeltaException e) {
            throw new FileDeltaException(e.getMessage(), e);
        }
    }
}
