package dev.twinroot.supervisor.health;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A health command from the configuration: healthy when it exits 0 within its timeout. Its output (stdout and
 * stderr together) is kept only to quote its last line in the reason; a command that outlives its time is
 * killed with its children.
 */
public final class CommandCheck implements HealthCheck {

    static final int KEPT_OUTPUT = 2048;

    private final String name;
    private final List<String> command;
    private final Duration timeout;

    public CommandCheck(String name, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("health command '" + name + "' has no program");
        }
        this.name = name;
        this.command = List.copyOf(command);
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Result run(Duration budget) throws InterruptedException {
        Duration limit = budget.compareTo(timeout) < 0 ? budget : timeout;
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            return Result.unhealthy("cannot run " + command.get(0) + ": " + e.getMessage());
        }
        Tail tail = new Tail(process.getInputStream());
        Thread reader = new Thread(tail, "health-" + name);
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                return Result.unhealthy("did not finish within " + seconds(limit) + " s: killed");
            }
        } catch (InterruptedException e) {
            kill(process);
            throw e;
        }
        reader.join(1000);
        int status = process.exitValue();
        String last = tail.lastLine();
        if (status != 0) {
            return Result.unhealthy("exited with status " + status + (last.isEmpty() ? "" : ": " + last));
        }
        return Result.healthy(last.isEmpty() ? "exited 0" : last);
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? String.valueOf(d.toSeconds()) : String.valueOf(d.toMillis() / 1000.0);
    }

    /** Keeps the last {@link #KEPT_OUTPUT} bytes a command prints, however much it prints. */
    private static final class Tail implements Runnable {
        private final InputStream in;
        private final byte[] ring = new byte[KEPT_OUTPUT];
        private long total;

        Tail(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    synchronized (this) {
                        for (int i = 0; i < n; i++) {
                            ring[(int) (total++ % KEPT_OUTPUT)] = buf[i];
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away; what was read so far is all there is.
            }
        }

        synchronized String lastLine() {
            int len = (int) Math.min(total, KEPT_OUTPUT);
            byte[] out = new byte[len];
            long start = total - len;
            for (int i = 0; i < len; i++) {
                out[i] = ring[(int) ((start + i) % KEPT_OUTPUT)];
            }
            String text = new String(out, StandardCharsets.UTF_8).strip();
            int nl = text.lastIndexOf('\n');
            String line = (nl < 0 ? text : text.substring(nl + 1)).strip();
            return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        }
    }
}
