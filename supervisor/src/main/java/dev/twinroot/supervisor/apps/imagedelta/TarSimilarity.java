package dev.twinroot.supervisor.apps.imagedelta;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Picks the old layer a new layer is most likely a small edit of: the one sharing the most bytes under the same
 * member names (per shared name, the smaller of the two sizes plus one 512-byte header), ties and "nothing
 * shared" going to the layer at the same position. Cheap (headers only) and right for the usual cases: a
 * rebuilt application layer on an unchanged base, layers added or removed above it.
 */
final class TarSimilarity {

    private TarSimilarity() {
    }

    /** The index into {@code oldTars} to make layer {@code position}'s delta against, if any. */
    static OptionalInt pick(Path newTar, int position, List<Path> oldTars) {
        if (oldTars.isEmpty()) {
            return OptionalInt.empty();
        }
        Map<String, Long> wanted = members(newTar);
        int best = Math.min(position, oldTars.size() - 1);
        long bestScore = score(wanted, members(oldTars.get(best)));
        for (int i = 0; i < oldTars.size(); i++) {
            long s = score(wanted, members(oldTars.get(i)));
            if (s > bestScore) {
                best = i;
                bestScore = s;
            }
        }
        return OptionalInt.of(best);
    }

    private static long score(Map<String, Long> a, Map<String, Long> b) {
        long s = 0;
        for (Map.Entry<String, Long> e : a.entrySet()) {
            Long other = b.get(e.getKey());
            if (other != null) {
                s += Math.min(e.getValue(), other) + 512;
            }
        }
        return s;
    }

    /** Member name to size; a tar that cannot be listed shares nothing. */
    private static Map<String, Long> members(Path tar) {
        Map<String, Long> out = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tar));
             TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                out.put(e.getName(), e.getSize());
            }
        } catch (IOException | RuntimeException e) {
            // Only the choice of source suffers: the delta is still checked against the real bytes.
            return out;
        }
        return out;
    }
}
