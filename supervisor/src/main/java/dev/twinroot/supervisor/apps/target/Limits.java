package dev.twinroot.supervisor.apps.target;

import java.util.OptionalLong;

/** Resource limits, applied through cgroups where the kernel offers the controller. */
public record Limits(OptionalLong memoryBytes, OptionalLong pids) {

    public static Limits none() {
        return new Limits(OptionalLong.empty(), OptionalLong.empty());
    }
}
