package dev.twinroot.updater.bootcontrol;

import java.io.IOException;
import java.util.function.UnaryOperator;

/** Where a bootloader keeps the boot state. One implementation per bootloader; a plain file for host tests. */
public interface BootStateStore {

    /** The state the bootloader will decide from on the next boot. */
    BootState read() throws IOException;

    /**
     * Reads the state, applies {@code change} and stores the result in one write that a power cut leaves either
     * fully done or not done at all (to the degree the backend documents).
     */
    Change update(UnaryOperator<BootState> change) throws IOException;

    /** The state before and after one update. */
    record Change(BootState before, BootState after) {
    }
}
