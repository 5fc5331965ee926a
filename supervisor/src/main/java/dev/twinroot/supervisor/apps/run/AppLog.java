package dev.twinroot.supervisor.apps.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A service's log on the data partition: what its containers print, appended to {@code NAME.log}, which is
 * moved to {@code NAME.log.1} when it passes {@code maxBytes}, so a chatty application cannot fill the disk.
 */
public final class AppLog {

    private final Path file;
    private final long maxBytes;

    public AppLog(Path file, long maxBytes) {
        this.file = file;
        this.maxBytes = maxBytes;
    }

    /** Copies {@code in} into the log until it ends (the container exited); called on the container's thread. */
    void capture(InputStream in) throws IOException {
        Files.createDirectories(file.getParent());
        byte[] buf = new byte[8192];
        OutputStream out = open();
        try {
            long size = Files.size(file);
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
                size += n;
                if (size > maxBytes) {
                    out.close();
                    Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
                    out = open();
                    size = 0;
                }
            }
        } finally {
            out.close();
        }
    }

    /** Appends one line written by the supervisor itself (start, exit, restart), marked as such. */
    synchronized void note(String line) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[twinroot] " + line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** The last {@code lines} lines, oldest first, across the rotated file and the current one. */
    public List<String> tail(int lines) throws IOException {
        Deque<String> last = new ArrayDeque<>();
        for (Path p : List.of(file.resolveSibling(file.getFileName() + ".1"), file)) {
            if (!Files.exists(p)) {
                continue;
            }
            try (var reader = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    last.addLast(line.length() > 4096 ? line.substring(0, 4096) : line);
                    if (last.size() > lines) {
                        last.removeFirst();
                    }
                }
            } catch (java.nio.charset.MalformedInputException e) {
                last.addLast("[twinroot] (log contains bytes that are not UTF-8)");
            }
        }
        return new ArrayList<>(last);
    }

    private OutputStream open() throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
