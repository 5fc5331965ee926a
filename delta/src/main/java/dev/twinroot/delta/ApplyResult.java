package dev.twinroot.delta;

import dev.twinroot.delta.format.DeltaHeader;

/** What an apply did: the header it honoured, where it resumed (0 for a fresh start), how many operations ran. */
public record ApplyResult(DeltaHeader header, long resumedAtTargetOffset, long opsApplied) {
}
