package dev.twinroot.supervisor.apps.image;

import dev.twinroot.supervisor.apps.Digest;

/** An OCI content descriptor: what a blob is, its digest and its exact size. */
public record Descriptor(String mediaType, Digest digest, long size) {
}
