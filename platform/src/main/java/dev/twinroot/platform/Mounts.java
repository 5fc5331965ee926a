package dev.twinroot.platform;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Mounting, unmounting, and the table of what is mounted where. */
public interface Mounts {

    /**
     * mount(2). {@code fsType} and {@code data} are ignored by the kernel for {@link MountFlag#BIND},
     * {@link MountFlag#REMOUNT} of flags only, and propagation changes; pass empty then.
     */
    void mount(String source, Path target, Optional<String> fsType, Set<MountFlag> flags, Optional<String> data)
            throws IOException;

    /** umount2(2). */
    void unmount(Path target, Set<UnmountFlag> flags) throws IOException;

    /** {@code /proc/self/mountinfo}: the mounts this process sees. */
    MountTable table() throws IOException;
}
