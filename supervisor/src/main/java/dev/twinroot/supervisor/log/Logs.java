package dev.twinroot.supervisor.log;

import dev.twinroot.supervisor.assessment.TrialLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * The supervisor's logging, on java.util.logging: a human format on the console (stderr, which the init
 * system collects), one JSON object per line in a rotating file on the data partition, and, during a trial
 * boot, a copy of the same lines in that boot's trial log.
 */
public final class Logs implements TrialLog, AutoCloseable {

    static final String LOGGER = "dev.twinroot.supervisor";
    static final long MAX_TRIAL_LOG = 4L * 1024 * 1024;

    private final Logger root;
    private final RotatingFileHandler file;
    private final Handler console;
    private Optional<RotatingFileHandler> trial = Optional.empty();

    private Logs(Logger root, RotatingFileHandler file, Handler console) {
        this.root = root;
        this.file = file;
        this.console = console;
    }

    /**
     * Makes {@link DaemonLogManager} the JVM's LogManager, unless one was chosen already ({@code -D} on the command
     * line). Call first thing in main: here and not in that class, whose initialisation would initialise
     * LogManager, which reads the property, before it is set.
     */
    public static void useDaemonLogManager() {
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", DaemonLogManager.class.getName());
        }
    }

    /** Routes the supervisor's loggers to the console and to {@code logDir/supervisor.log}. */
    public static Logs start(Path logDir, long maxFileBytes, int files) throws IOException {
        Logger root = Logger.getLogger(LOGGER);
        root.setUseParentHandlers(false);
        root.setLevel(Level.INFO);
        RotatingFileHandler file = new RotatingFileHandler(logDir.resolve("supervisor.log"), maxFileBytes, files,
                new JsonLineFormatter());
        ConsoleHandler console = new ConsoleHandler();
        console.setFormatter(new ConsoleFormatter());
        console.setLevel(Level.INFO);
        root.addHandler(console);
        root.addHandler(file);
        deferReset(true);
        return new Logs(root, file, console);
    }

    @Override
    public synchronized void open(Path trialFile) throws IOException {
        if (trial.isPresent() && trial.get().file().equals(trialFile)) {
            return;
        }
        close();
        // One file, no rotation: the first lines of a failing boot matter most, so a runaway log is cut, not rolled.
        RotatingFileHandler h = new RotatingFileHandler(trialFile, MAX_TRIAL_LOG, 1, new JsonLineFormatter());
        root.addHandler(h);
        trial = Optional.of(h);
    }

    /** Stops the trial log (the TrialLog side); the main log stays. */
    @Override
    public synchronized void close() {
        trial.ifPresent(h -> {
            root.removeHandler(h);
            h.close();
        });
        trial = Optional.empty();
    }

    /** Everything off: at daemon exit, the last thing its shutdown does. */
    public synchronized void shutdown() {
        close();
        root.removeHandler(file);
        root.removeHandler(console);
        file.close();
        console.flush();
        deferReset(false);
    }

    private static void deferReset(boolean defer) {
        if (LogManager.getLogManager() instanceof DaemonLogManager m) {
            m.deferReset(defer);
        }
    }

    /** The last {@code n} lines of the JSON log, oldest first, reading into rotated files when needed. */
    public List<String> tail(int n) throws IOException {
        return tail(file, n);
    }

    static List<String> tail(RotatingFileHandler file, int n) throws IOException {
        Deque<String> lines = new ArrayDeque<>();
        for (int i = 0; i < file.files() && lines.size() < n; i++) {
            Path p = i == 0 ? file.file() : file.rotated(i);
            if (!Files.exists(p)) {
                break;
            }
            List<String> content = Files.readAllLines(p, StandardCharsets.UTF_8);
            for (int k = content.size() - 1; k >= 0 && lines.size() < n; k--) {
                lines.addFirst(content.get(k));
            }
        }
        return new ArrayList<>(lines);
    }
}
