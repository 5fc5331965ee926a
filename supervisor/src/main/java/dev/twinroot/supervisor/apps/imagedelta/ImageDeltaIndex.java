package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * What an image delta holds: the image it was made against ({@code source}: its manifest and config digests),
 * the new image's manifest and config, and for each layer of the new image, bottom first, where its bytes come
 * from. The archive's entries follow in {@link #entries()} order.
 */
public record ImageDeltaIndex(Digest sourceManifest, Digest sourceConfig, Blob manifest, Blob config,
                              List<Layer> layers) {

    public ImageDeltaIndex {
        layers = List.copyOf(layers);
    }

    /** An entry of the archive: exactly {@code size} bytes that hash to {@code digest}. */
    public record Blob(Digest digest, long size) {
    }

    /** One layer of the new image, named by its uncompressed digest (the config's {@code rootfs.diff_ids}). */
    public sealed interface Layer {
        Digest diffId();
    }

    /** The layer is in the source image already (same uncompressed digest): nothing is carried. */
    public record OnDevice(Digest diffId) implements Layer {
    }

    /** The layer's tar, rebuilt by a Twinroot delta ({@code delta}) from the source layer's tar. */
    public record Patched(Digest diffId, Digest sourceDiffId, Blob delta) implements Layer {
    }

    /** The layer blob itself, as the new manifest lists it (a delta would not have been smaller). */
    public record Whole(Digest diffId, Blob blob) implements Layer {
    }

    /** The entries the archive carries after its index, in order: manifest, config, then each layer's bytes. */
    public List<Blob> entries() {
        List<Blob> all = new ArrayList<>();
        all.add(manifest);
        all.add(config);
        for (Layer l : layers) {
            if (l instanceof Patched p) {
                all.add(p.delta());
            } else if (l instanceof Whole w) {
                all.add(w.blob());
            }
        }
        return all;
    }
}
