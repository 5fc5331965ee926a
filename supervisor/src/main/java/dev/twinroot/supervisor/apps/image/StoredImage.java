package dev.twinroot.supervisor.apps.image;

import dev.twinroot.supervisor.apps.Digest;

/**
 * An image whose blobs are all in the store, verified. {@code manifest} is the digest a target state names
 * (possibly an index); {@code image} is the platform's image manifest it resolved to.
 */
public record StoredImage(String name, Digest manifest, Digest image, Manifest.Image content, ImageConfig config) {
}
