package dev.twinroot.supervisor.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/**
 * Appends formatted records to {@code NAME}; once it would grow past {@code maxBytes} it becomes
 * {@code NAME.1}, {@code NAME.1} becomes {@code NAME.2}, and so on up to {@code files - 1}; the oldest is
 * dropped. With {@code files == 1} nothing rotates: lines past {@code maxBytes} are dropped, so the file keeps
 * the first lines (what a trial log needs). Each line goes to the kernel as it is logged (no buffering to lose), without an fsync per line,
 * which flash would pay for.
 */
public final class RotatingFileHandler extends Handler {

    private final Path file;
    private final long maxBytes;
    private final int files;
    private OutputStream out;
    private long size;

    public RotatingFileHandler(Path file, long maxBytes, int files, Formatter formatter) throws IOException {
        if (files < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("need at least one file of at least one byte");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.files = files;
        setFormatter(formatter);
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    public Path file() {
        return file;
    }

    /** The file holding older lines after {@code n} rotations ({@code NAME.n}). */
    public Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    public int files() {
        return files;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        if (!isLoggable(record) || out == null) {
            return;
        }
        byte[] line;
        try {
            line = getFormatter().format(record).getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            reportError("cannot format a log record", e, ErrorManager.FORMAT_FAILURE);
            return;
        }
        try {
            if (size > 0 && size + line.length > maxBytes) {
                if (files == 1) {
                    return;
                }
                rotate();
            }
            out.write(line);
            out.flush();
            size += line.length;
        } catch (IOException e) {
            reportError("cannot write " + file, e, ErrorManager.WRITE_FAILURE);
        }
    }

    private void rotate() throws IOException {
        out.close();
        Files.deleteIfExists(rotated(files - 1));
        for (int i = files - 2; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            reportError("cannot flush " + file, e, ErrorManager.FLUSH_FAILURE);
        }
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            reportError("cannot close " + file, e, ErrorManager.CLOSE_FAILURE);
        }
        out = null;
    }
}
