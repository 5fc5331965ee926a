package dev.twinroot.supervisor.agent;

import java.io.IOException;
import java.util.List;

/** Applications that asked, through a lock file, that the device not reboot for an update right now. */
public interface UpdateLocks {

    /** The lock files currently held, by path relative to the locks directory; empty when none is. */
    List<String> held() throws IOException;
}
