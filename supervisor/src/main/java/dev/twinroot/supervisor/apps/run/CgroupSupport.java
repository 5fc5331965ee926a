package dev.twinroot.supervisor.apps.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Which resource controllers this kernel offers, so a runtime spec asks only for limits that can be applied:
 * runc fails a container whose spec names a controller that is not mounted. Works on cgroup v1 (one mount per
 * controller, as on this project's build host and many boards), v2 and hybrid layouts.
 */
public record CgroupSupport(boolean memory, boolean pids) {

    public static CgroupSupport detect(Path cgroupRoot) {
        Path unified = cgroupRoot.resolve("cgroup.controllers");
        if (Files.isRegularFile(unified)) {
            try {
                Set<String> controllers = Set.of(Files.readString(unified).trim().split("\\s+"));
                return new CgroupSupport(controllers.contains("memory"), controllers.contains("pids"));
            } catch (IOException e) {
                return new CgroupSupport(false, false);
            }
        }
        return new CgroupSupport(Files.isDirectory(cgroupRoot.resolve("memory")), Files.isDirectory(cgroupRoot.resolve("pids")));
    }

    public static CgroupSupport detect() {
        return detect(Path.of("/sys/fs/cgroup"));
    }
}
