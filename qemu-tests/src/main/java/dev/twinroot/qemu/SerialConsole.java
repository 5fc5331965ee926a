package dev.twinroot.qemu;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The guest's serial console during one power-on: what it printed, line by line with timestamps, and a keyboard.
 * A reader thread assembles lines as they arrive; {@link #waitFor} reads forward like {@code expect}: each call
 * searches the lines after the previous match, including the line still being printed (a prompt has no
 * newline), and consumes them up to and including its match. A prompt matched before its newline can match
 * a later wait again once the echo of the typed command has joined it: after waiting for {@code => } and
 * typing {@code reset}, {@code waitFor("^=> reset$")} finds the line.
 */
public final class SerialConsole {

    /** How many lines a timeout message quotes. */
    static final int TAIL = 30;
    /** Lines kept in memory; the log file keeps them all. */
    private static final int KEPT = 100_000;

    private final OutputStream keyboard;
    private final Supplier<String> stopReason;
    private final BootCounter boots;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final List<ConsoleLine> lines = new ArrayList<>();
    private long dropped;
    /** The first line not yet consumed (absolute index: lines dropped from memory count). */
    private long cursor;
    /** How much of line {@code cursor} a match consumed while it was still being printed. */
    private int consumedLength;
    private Optional<ConsoleLine> partial = Optional.empty();
    private boolean closed;

    private SerialConsole(OutputStream keyboard, Supplier<String> stopReason, BootCounter boots) {
        this.keyboard = keyboard;
        this.stopReason = stopReason;
        this.boots = boots;
    }

    /**
     * Starts reading {@code output} (QEMU's stdout, where the serial port goes) on a daemon thread.
     *
     * @param clock milliseconds since QEMU started
     * @param log receives every completed line, on the reader thread
     * @param stopReason says why the console closed (QEMU's exit status), for error messages
     */
    static SerialConsole start(String name, InputStream output, OutputStream keyboard, LongSupplier clock,
            BootCounter boots, Consumer<ConsoleLine> log, Supplier<String> stopReason) {
        SerialConsole console = new SerialConsole(keyboard, stopReason, boots);
        Thread reader = new Thread(() -> console.read(output, clock, log), name + "-console");
        reader.setDaemon(true);
        reader.start();
        return console;
    }

    private void read(InputStream output, LongSupplier clock, Consumer<ConsoleLine> log) {
        LineAssembler assembler = new LineAssembler();
        char[] buf = new char[8192];
        try (Reader in = new InputStreamReader(output, StandardCharsets.UTF_8)) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                List<ConsoleLine> done = assembler.feed(CharBuffer.wrap(buf, 0, n), clock.getAsLong());
                done.forEach(log);
                publish(done, assembler.partial(), false);
            }
        } catch (IOException e) {
            // The pipe broke because QEMU is gone: the same as end of output.
        }
        List<ConsoleLine> last = assembler.finish(clock.getAsLong()).map(List::of).orElse(List.of());
        last.forEach(log);
        publish(last, Optional.empty(), true);
    }

    private void publish(List<ConsoleLine> done, Optional<ConsoleLine> now, boolean end) {
        lock.lock();
        try {
            for (ConsoleLine line : done) {
                boots.accept(line.text());
                lines.add(line);
            }
            if (lines.size() > KEPT) {
                int drop = lines.size() - KEPT / 2;
                lines.subList(0, drop).clear();
                dropped += drop;
            }
            partial = now;
            closed |= end;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for a line containing {@code literal}; returns that line. */
    public ConsoleLine waitFor(String literal, Duration timeout) throws QemuException {
        return waitFor(Pattern.compile(Pattern.quote(literal)), timeout);
    }

    /** Waits for a line in which {@code pattern} is found ({@link Matcher#find}); returns that line. */
    public ConsoleLine waitFor(Pattern pattern, Duration timeout) throws QemuException {
        List<ConsoleLine> read = readUntil(pattern, timeout);
        return read.get(read.size() - 1);
    }

    /**
     * Waits for a line in which {@code pattern} is found and returns every line from the last match up to and
     * including this one. On timeout the exception quotes the console's last {@value #TAIL} lines; if QEMU exits
     * first, it says so at once.
     */
    public List<ConsoleLine> readUntil(Pattern pattern, Duration timeout) throws QemuException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long from = cursor;
            int fromConsumed = consumedLength;
            long next = cursor;
            while (true) {
                long end = dropped + lines.size();
                for (long i = Math.max(next, dropped); i < end; i++) {
                    String text = lines.get((int) (i - dropped)).text();
                    if (eligible(i, text) && pattern.matcher(text).find()) {
                        cursor = i + 1;
                        consumedLength = 0;
                        return slice(from, fromConsumed, i + 1, Optional.empty());
                    }
                }
                next = Math.max(next, end);
                if (partial.isPresent() && eligible(end, partial.get().text())
                        && pattern.matcher(partial.get().text()).find()) {
                    cursor = end;
                    consumedLength = partial.get().text().length();
                    return slice(from, fromConsumed, end, partial);
                }
                if (closed) {
                    throw new MachineStoppedException("waiting for /" + pattern + "/: " + stopReason.get() + tailMessage());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConsoleTimeoutException("no console line matched /" + pattern + "/ within "
                            + timeout.toMillis() + " ms" + tailMessage());
                }
                changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QemuException("interrupted while waiting for /" + pattern + "/", e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A line matched while still being printed (a prompt) is consumed as far as it had arrived; it becomes
     * eligible again only when more text arrives on it, such as the echo of what was typed at the prompt.
     */
    private boolean eligible(long index, String text) {
        return index != cursor || consumedLength == 0 || text.length() > consumedLength;
    }

    /**
     * Lines {@code from} (absolute index) up to {@code to} (exclusive) still in memory, then {@code last}; line
     * {@code from} only if more arrived on it than an earlier match consumed.
     */
    private List<ConsoleLine> slice(long from, int fromConsumed, long to, Optional<ConsoleLine> last) {
        List<ConsoleLine> read = new ArrayList<>();
        for (long i = Math.max(from, dropped); i < to; i++) {
            ConsoleLine line = lines.get((int) (i - dropped));
            if (i != from || line.text().length() > fromConsumed) {
                read.add(line);
            }
        }
        last.ifPresent(read::add);
        return List.copyOf(read);
    }

    /** Types {@code line} and Enter (a carriage return, as a serial terminal sends it). */
    public void send(String line) throws QemuException {
        type(line + "\r");
    }

    /** Types {@code keys} as they are: no Enter. */
    public void type(String keys) throws QemuException {
        try {
            keyboard.write(keys.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
        } catch (IOException e) {
            throw new MachineStoppedException("typing on the console: " + stopReason.get());
        }
    }

    /** Every line printed so far that is still kept in memory, and the line being printed. */
    public List<ConsoleLine> lines() {
        lock.lock();
        try {
            List<ConsoleLine> all = new ArrayList<>(lines);
            partial.ifPresent(all::add);
            return all;
        } finally {
            lock.unlock();
        }
    }

    /** The last {@code n} lines, the line being printed included. */
    public List<ConsoleLine> tail(int n) {
        List<ConsoleLine> all = lines();
        return all.subList(Math.max(0, all.size() - n), all.size());
    }

    /** How many times the firmware started during this power-on (resets included). */
    public int boots() {
        lock.lock();
        try {
            return boots.count();
        } finally {
            lock.unlock();
        }
    }

    /** Whether QEMU's output has ended. */
    public boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until QEMU's output ends (it exited); false if it is still running after {@code timeout}. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private String tailMessage() {
        List<ConsoleLine> tail = tail(TAIL);
        StringBuilder sb = new StringBuilder("; last ").append(tail.size()).append(" console lines:");
        tail.forEach(l -> sb.append('\n').append(l));
        return sb.toString();
    }
}
