package dev.twinroot.updater.bundle;

import java.nio.file.Path;

/**
 * A payload ready to go into a bundle: its manifest entry and the file holding exactly its stored bytes.
 */
public record PackedPayload(Payload payload, Path stored) {
}
