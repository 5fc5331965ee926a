package dev.twinroot.updater.install;

import java.io.IOException;
import java.util.Optional;

/** Where the install state survives a power cut. A write is atomic: afterwards the old or the new state is read. */
public interface Journal {

    Optional<InstallState> read() throws IOException;

    void write(InstallState state) throws IOException;
}
