package dev.twinroot.delta;

/** Told how far a long-running create or apply has got; the CLI draws a progress line from it. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (phase, done, total) -> { };

    /** {@code done} of {@code total} bytes of {@code phase} ("scan", "create", "apply", "resume") are done. */
    void update(String phase, long done, long total);
}
