package dev.twinroot.supervisor.apps.run;

import dev.twinroot.supervisor.apps.image.ImageConfig;
import dev.twinroot.supervisor.apps.target.Service;
import dev.twinroot.supervisor.apps.target.Volume;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI runtime spec ({@code config.json}) for one service: its own PID, IPC, UTS and mount namespaces, the
 * host's network (as balena's {@code network_mode: host}, the usual choice on a device with one application
 * stack), the image's root filesystem read-only with a tmpfs on {@code /tmp}, each volume bind-mounted from
 * the data partition, Docker's default capabilities, no new privileges, and the memory and PID limits the
 * kernel's cgroups can apply. Pure: the same inputs give the same document.
 */
public final class RuntimeSpec {

    static final List<String> CAPABILITIES = List.of("CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER",
            "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
            "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");

    private RuntimeSpec() {
    }

    /** {@code volumes} maps each volume name of the service to its directory on the data partition. */
    public static Map<String, Object> of(Service service, ImageConfig image, Path rootfs, Map<String, Path> volumes,
                                         CgroupSupport cgroups) {
        List<String> args = service.command().isEmpty() ? image.defaultArgs() : service.command();
        if (args.isEmpty()) {
            throw new IllegalArgumentException("service " + service.name() + ": neither it nor its image names a command");
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("ociVersion", "1.0.2");
        Map<String, Object> process = new LinkedHashMap<>();
        process.put("terminal", false);
        process.put("user", ordered("uid", 0, "gid", 0));
        process.put("args", args);
        process.put("env", environment(image.env(), service.environment()));
        process.put("cwd", image.workingDir().orElse("/"));
        process.put("capabilities", ordered("bounding", CAPABILITIES, "effective", CAPABILITIES,
                "permitted", CAPABILITIES));
        process.put("rlimits", List.of(ordered("type", "RLIMIT_NOFILE", "hard", 4096, "soft", 1024)));
        process.put("noNewPrivileges", true);
        spec.put("process", process);
        spec.put("root", ordered("path", rootfs.toString(), "readonly", true));
        spec.put("hostname", service.name());
        List<Object> mounts = new ArrayList<>();
        mounts.add(mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")));
        mounts.add(mount("/dev/pts", "devpts", "devpts",
                List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620")));
        mounts.add(mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")));
        mounts.add(mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")));
        mounts.add(mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));
        mounts.add(mount("/tmp", "tmpfs", "tmpfs", List.of("nosuid", "nodev", "mode=1777", "size=65536k")));
        for (Volume v : service.volumes()) {
            Path host = volumes.get(v.name());
            if (host == null) {
                throw new IllegalArgumentException("service " + service.name() + ": no directory for volume " + v.name());
            }
            mounts.add(mount(v.path(), "bind", host.toString(), List.of("rbind", "nosuid", "nodev", v.readOnly() ? "ro" : "rw")));
        }
        spec.put("mounts", mounts);
        Map<String, Object> linux = new LinkedHashMap<>();
        linux.put("namespaces", List.of(ordered("type", "pid"), ordered("type", "ipc"), ordered("type", "uts"),
                ordered("type", "mount")));
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put("devices", List.of(ordered("allow", false, "access", "rwm")));
        if (cgroups.memory() && service.limits().memoryBytes().isPresent()) {
            long bytes = service.limits().memoryBytes().getAsLong();
            resources.put("memory", ordered("limit", bytes));
        }
        if (cgroups.pids() && service.limits().pids().isPresent()) {
            resources.put("pids", ordered("limit", service.limits().pids().getAsLong()));
        }
        linux.put("resources", resources);
        linux.put("maskedPaths", List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware",
                "/proc/scsi"));
        linux.put("readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
        spec.put("linux", linux);
        return spec;
    }

    /** The image's variables, then the service's, a service variable replacing the image's of the same name. */
    static List<String> environment(List<String> image, Map<String, String> service) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String kv : image) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                env.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        env.putIfAbsent("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.putAll(service);
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }

    /** A map that keeps its keys in the order given, so the same inputs give byte-identical documents. */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("destination", destination);
        m.put("type", type);
        m.put("source", source);
        m.put("options", options);
        return m;
    }
}
