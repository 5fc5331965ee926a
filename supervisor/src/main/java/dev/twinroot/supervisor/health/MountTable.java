package dev.twinroot.supervisor.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's {@code /proc/self/mountinfo}: which file system is mounted where, and how. Only what the data
 * partition check needs; the platform module's Mounts replaces this when it is wired in.
 */
final class MountTable {

    record Mount(String mountPoint, String fsType, String source, boolean readWrite) {
    }

    private final List<Mount> mounts;

    private MountTable(List<Mount> mounts) {
        this.mounts = mounts;
    }

    static MountTable read(Path mountinfo) throws IOException {
        return parse(Files.readString(mountinfo, StandardCharsets.UTF_8));
    }

    static MountTable parse(String text) {
        return new MountTable(text.lines().map(MountTable::parseLine).flatMap(Optional::stream).toList());
    }

    /** The mount on top at exactly {@code mountPoint}, if any (a later line stacks over an earlier one). */
    Optional<Mount> at(String mountPoint) {
        Optional<Mount> found = Optional.empty();
        for (Mount m : mounts) {
            if (m.mountPoint().equals(mountPoint)) {
                found = Optional.of(m);
            }
        }
        return found;
    }

    // 36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue
    private static Optional<Mount> parseLine(String line) {
        String[] f = line.split(" ");
        int dash = List.of(f).indexOf("-");
        if (f.length < 10 || dash < 6 || dash + 3 >= f.length) {
            return Optional.empty();
        }
        boolean rw = List.of(f[5].split(",")).contains("rw") && !List.of(f[dash + 3].split(",")).contains("ro");
        return Optional.of(new Mount(unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), rw));
    }

    /** The kernel writes space, tab, newline and backslash in paths as octal escapes ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                sb.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
