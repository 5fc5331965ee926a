package dev.twinroot.image.flash;

import java.util.OptionalLong;

/**
 * Told how a flash advances. Each phase starts with {@code done == 0}; VERIFY starts only after the target was
 * synced and its cache dropped, so what is read from then on comes from the medium.
 */
@FunctionalInterface
public interface ProgressListener {

    enum Phase { WRITE, SYNC, VERIFY }

    void update(Phase phase, long done, OptionalLong total);

    static ProgressListener none() {
        return (phase, done, total) -> { };
    }
}
