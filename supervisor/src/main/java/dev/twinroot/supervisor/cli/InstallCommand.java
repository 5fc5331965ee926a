package dev.twinroot.supervisor.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.assessment.StateDir;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.classdata.NextSlotClassData;
import dev.twinroot.supervisor.daemon.PendingUpdateRecorder;
import dev.twinroot.updater.install.Device;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.InstallState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code twinrootctl install}: one bundle into the slot that is not running. */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = {"Verify a signed bundle and install it into the inactive slot, streaming from a file or an"
                + " HTTP(S) URL. The slot boots next; after a reboot the new system must be marked good.",
            "When the supervisor daemon runs, it does the install and this command follows it (Ctrl-C stops"
                + " following, not the install); otherwise this command installs by itself.",
            "An install interrupted by a power cut is finished or abandoned on the next run; installing the same"
                + " source again resumes a delta from its last checkpoint."},
        footer = {"", "Example:", "  twinrootctl install --json http://10.0.2.100/os-1.3.0.twb"})
final class InstallCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DeviceOptions device;

    @Parameters(paramLabel = "FILE|URL", description = "Bundle path, or an http:// or https:// URL.")
    String source;

    @Option(names = "--json", description = "Print progress as one JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Printed shown = json ? new JsonProgress(out) : new TextProgress(out);
        // The journal names the source; a relative path would mean something else after a restart elsewhere.
        String where = source.startsWith("http://") || source.startsWith("https://") ? source
                : Path.of(source).toAbsolutePath().normalize().toString();
        Optional<DaemonInstall> daemon = DaemonInstall.start(ConfigLoader.load(device.config), where);
        String version;
        String slot;
        if (daemon.isPresent()) {
            shown.note("the running supervisor installs it (install " + daemon.get().id() + ")");
            DaemonInstall.Installed done = daemon.get().follow(shown);
            version = done.version();
            slot = done.slot();
        } else {
            Platform platform = Platform.linux();
            Device d = device.device(platform);
            InstallProgress progress = new PendingUpdateRecorder(shown, new StateDir(device.systemConfig().dataDir()),
                    Clock.systemUTC(), Optional.empty());
            InstallState done = d.installer(platform, progress, UnaryOperator.identity(),
                    NextSlotClassData.onDevice()).install(where);
            version = done.target().version().toString();
            slot = done.target().slot().name();
        }
        if (!json) {
            out.println("installed " + version + " into slot " + slot + "; reboot to try it, then mark it good");
        }
        out.flush();
        return 0;
    }

    /** The lines of an install, whether this process installs or the daemon does. */
    abstract static class Printed implements InstallProgress, DaemonInstall.Lines {
        @Override
        public final void state(InstallState state) {
            state(state.wireName(), state.target().slot().name(), state.target().version().toString());
        }

        @Override
        public abstract void note(String line);
    }

    /** Prints each state, and the bytes done at most once per percent. */
    static final class TextProgress extends Printed {
        private final PrintWriter out;
        private String phase = "";
        private long lastPercent = -1;

        TextProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void state(String state, String slot, String version) {
            out.println("state: " + state);
            out.flush();
        }

        @Override
        public void bytes(String phase, long done, long total) {
            long percent = total <= 0 ? 100 : done * 100 / total;
            if (!phase.equals(this.phase) || percent / 10 != lastPercent / 10) {
                this.phase = phase;
                lastPercent = percent;
                out.println("  " + phase + " " + percent + "% (" + done + " of " + total + " bytes)");
                out.flush();
            }
        }

        @Override
        public void note(String line) {
            out.println(line);
            out.flush();
        }
    }

    /** One JSON object per line: {"state":...}, {"phase":...,"done":N,"total":N} or {"note":...}. */
    static final class JsonProgress extends Printed {
        private final PrintWriter out;
        private String phase = "";
        private long lastPercent = -1;

        JsonProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void state(String state, String slot, String version) {
            out.println("{\"state\":\"" + quoted(state) + "\",\"slot\":\"" + quoted(slot) + "\",\"version\":\""
                    + quoted(version) + "\"}");
            out.flush();
        }

        @Override
        public void bytes(String phase, long done, long total) {
            long percent = total <= 0 ? 100 : done * 100 / total;
            if (!phase.equals(this.phase) || percent != lastPercent || done == total) {
                this.phase = phase;
                lastPercent = percent;
                out.println("{\"phase\":\"" + phase + "\",\"done\":" + done + ",\"total\":" + total + "}");
                out.flush();
            }
        }

        @Override
        public void note(String line) {
            out.println("{\"note\":\"" + quoted(line) + "\"}");
            out.flush();
        }

        private static String quoted(String text) {
            return new String(JsonStringEncoder.getInstance().quoteAsString(text));
        }
    }
}
