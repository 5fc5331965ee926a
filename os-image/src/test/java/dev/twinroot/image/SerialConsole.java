package dev.twinroot.image;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A QEMU run whose serial console is read line by line with the time each line arrived. The qemu-tests module
 * will own the real harness; this is the least needed to prove an image boots. QEMU is SIGKILLed if it
 * outlives its deadline, and always on close: nothing is left running.
 */
final class SerialConsole implements AutoCloseable {
    record Line(long millis, String text) {
    }

    private final Process process;
    private final long start = System.nanoTime();
    private final List<Line> lines = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final Thread reader;

    SerialConsole(Path program, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(program.toString());
        command.addAll(args);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        reader = new Thread(() -> {
            // Char by char, not readLine(): a prompt such as busybox's "Please press Enter to activate this
            // console. " ends without a newline, and must still be seen.
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (int c; (c = in.read()) != -1; ) {
                    synchronized (lines) {
                        if (c == '\n') {
                            lines.add(new Line((System.nanoTime() - start) / 1_000_000, partial.toString()));
                            partial.setLength(0);
                        } else if (c != '\r') {
                            partial.append((char) c);
                        }
                    }
                }
            } catch (IOException e) {
                // the process died: its output ends here
            }
        }, "serial-console");
        reader.setDaemon(true);
        reader.start();
    }

    /** Waits for QEMU to exit by itself (the guest powers off); false and SIGKILL if it does not in time. */
    boolean awaitExit(Duration deadline) throws InterruptedException {
        boolean exited = process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS);
        if (!exited) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5_000);
        return exited;
    }

    /** Waits until a line containing {@code text} arrives, QEMU exits, or the deadline passes. */
    Optional<Line> await(String text, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            Optional<Line> line = first(text);
            if (line.isPresent() || !process.isAlive()) {
                return first(text);
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Every line so far, the unfinished last one included. */
    List<Line> lines() {
        synchronized (lines) {
            List<Line> all = new ArrayList<>(lines);
            if (partial.length() > 0) {
                all.add(new Line((System.nanoTime() - start) / 1_000_000, partial.toString()));
            }
            return all;
        }
    }

    Optional<Line> first(String contains) {
        return lines().stream().filter(l -> l.text().contains(contains)).findFirst();
    }

    String transcript() {
        StringBuilder sb = new StringBuilder();
        lines().forEach(l -> sb.append(String.format("%7.2f %s%n", l.millis() / 1000.0, l.text())));
        return sb.toString();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
