package dev.twinroot.updater.bootcontrol;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The boot state as a plain {@code NAME=value} text file, for hosts and tests without a bootloader. Written to a
 * temporary file, synced, and renamed over the old one, which is atomic on the POSIX filesystems a host uses.
 */
public final class FileBootStateStore implements BootStateStore {

    private static final int MAX_SIZE = 4096;
    private final Path file;

    public FileBootStateStore(Path file) {
        this.file = file;
    }

    /** Writes the initial state, replacing any file there. */
    public void initialize(BootState state) throws IOException {
        write(state);
    }

    @Override
    public BootState read() throws IOException {
        byte[] bytes = StateFile.readIfExists(file, MAX_SIZE)
                .orElseThrow(() -> new NoBootStateException("no boot state: " + file + " does not exist"));
        if (bytes.length > MAX_SIZE) {
            throw new BootStateFormatException(file + ": larger than " + MAX_SIZE + " bytes");
        }
        Map<String, String> vars = new LinkedHashMap<>();
        String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new BootStateFormatException(file + ": line " + (i + 1) + " is not NAME=value");
            }
            vars.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        return BootStateVariables.fromVariables(vars);
    }

    @Override
    public Change update(UnaryOperator<BootState> change) throws IOException {
        BootState before = read();
        BootState after = change.apply(before);
        write(after);
        return new Change(before, after);
    }

    private void write(BootState state) throws IOException {
        StringBuilder text = new StringBuilder();
        BootStateVariables.toVariables(state).forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}
