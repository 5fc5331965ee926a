package dev.twinroot.supervisor.apps.image;

import java.util.List;

/**
 * What a manifest digest names: one image (config and layers, bottom layer first) or an index of images for
 * several platforms, from which the device picks its own.
 */
public sealed interface Manifest {

    record Image(Descriptor config, List<Descriptor> layers) implements Manifest {
        public Image {
            layers = List.copyOf(layers);
        }
    }

    record Index(List<Entry> manifests) implements Manifest {
        public Index {
            manifests = List.copyOf(manifests);
        }
    }

    /** One image of an index, for {@code os}/{@code architecture} (empty when the index does not say). */
    record Entry(Descriptor descriptor, String os, String architecture) {
    }
}
