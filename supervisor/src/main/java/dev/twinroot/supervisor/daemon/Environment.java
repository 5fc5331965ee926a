package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.LockFiles;
import dev.twinroot.supervisor.assessment.KernelCommandLine;
import dev.twinroot.supervisor.health.DataPartitionCheck;
import java.io.IOException;
import java.nio.file.Path;
import java.time.InstantSource;

/** What the daemon reads from the kernel, gathered so tests can point it elsewhere. */
public record Environment(Path bootIdFile, Path mountinfo, Path procLocks, InstantSource bootClock) {

    public static Environment linux() throws IOException {
        return new Environment(KernelCommandLine.PROC_BOOT_ID, DataPartitionCheck.MOUNTINFO, LockFiles.PROC_LOCKS,
                BootClock.start(BootClock.PROC_UPTIME));
    }
}
