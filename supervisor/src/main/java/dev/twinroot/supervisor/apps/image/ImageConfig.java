package dev.twinroot.supervisor.apps.image;

import java.util.List;
import java.util.Optional;

/**
 * The parts of an image's config a container needs: what to run, its environment and working directory, and
 * the digest of each uncompressed layer ({@code rootfs.diff_ids}), checked while unpacking.
 */
public record ImageConfig(List<String> entrypoint, List<String> cmd, List<String> env, Optional<String> workingDir,
                          String architecture, List<String> diffIds) {

    public ImageConfig {
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        env = List.copyOf(env);
        diffIds = List.copyOf(diffIds);
    }

    /** Entrypoint then command, as Docker combines them when a service gives no command of its own. */
    public List<String> defaultArgs() {
        return java.util.stream.Stream.concat(entrypoint.stream(), cmd.stream()).toList();
    }
}
