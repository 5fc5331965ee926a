package dev.twinroot.supervisor.apps.run;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.supervisor.apps.AppsException;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The OCI runtime, runc, with its state under {@code stateRoot} (a tmpfs such as {@code /run/twinroot/runc}:
 * container state does not outlive a boot). A container runs in the foreground of its {@code runc run}
 * process, whose standard output and error are the container's, so the supervisor captures its logs and
 * learns of its exit by waiting for that process. Debian's crun is not used: it fails on hosts with hybrid
 * cgroup hierarchies, which many boards still boot with.
 */
public final class Runc {

    public static final ExternalTool RUNC = new ExternalTool("runc", "runc");
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private final ExternalTool tool;
    private final Path stateRoot;

    public Runc(Path stateRoot) {
        this(RUNC, stateRoot);
    }

    /** With another program as the runtime: tests name one that is not installed. */
    public Runc(ExternalTool tool, Path stateRoot) {
        this.tool = tool;
        this.stateRoot = stateRoot;
    }

    /** Whether the runtime is installed: a device built without container support has none. */
    public boolean installed() {
        return tool.isPresent();
    }

    /** The runtime's name and the Debian package that provides it, for messages. */
    public String describe() {
        return tool.name() + " (Debian package " + tool.debianPackage() + ")";
    }

    /** Starts {@code runc run} for the bundle; its output is the returned process's. */
    Process run(String id, Path bundle) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(tool.require().toString(), "--root", stateRoot.toString(), "run",
                "--bundle", bundle.toString(), id));
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).start();
    }

    /** Runs {@code args} inside the running container, as a health check does. */
    ExternalTool.Result exec(String id, List<String> args, Duration timeout) throws IOException {
        List<String> a = new ArrayList<>(List.of("--root", stateRoot.toString(), "exec", id));
        a.addAll(args);
        return tool.run(a, timeout);
    }

    /** Sends {@code signal} (e.g. {@code TERM}) to the container's first process. */
    void kill(String id, String signal) throws IOException {
        ExternalTool.Result r = tool.run(List.of("--root", stateRoot.toString(), "kill", id, signal), COMMAND_TIMEOUT);
        if (!r.succeeded() && !r.stderr().contains("not running") && !r.stderr().contains("does not exist")) {
            throw new AppsException("runc kill " + id + " " + signal + " failed: " + r.stderr().strip());
        }
    }

    /** Removes the container's runtime state, killing it first if it still runs. */
    void delete(String id) throws IOException {
        ExternalTool.Result r = tool.run(List.of("--root", stateRoot.toString(), "delete", "--force", id), COMMAND_TIMEOUT);
        if (!r.succeeded() && !r.stderr().contains("does not exist")) {
            throw new AppsException("runc delete " + id + " failed: " + r.stderr().strip());
        }
    }

    /**
     * The ids of every container this state root knows, running or not. runc keeps one directory per container
     * there: without any, the answer is known without starting runc, which the daemon asks at every start (a
     * second of its way to the commit under emulation).
     */
    List<String> list() throws IOException {
        if (!holdsState()) {
            return List.of();
        }
        ExternalTool.Result r = tool.run(List.of("--root", stateRoot.toString(), "list", "-q"), COMMAND_TIMEOUT)
                .requireSuccess();
        return r.stdout().lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private boolean holdsState() throws IOException {
        if (!Files.isDirectory(stateRoot)) {
            return false;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(stateRoot)) {
            return entries.iterator().hasNext();
        }
    }
}
