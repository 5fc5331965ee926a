package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

/** Sets every path of a tree, symlinks included, to one modification and access time: the build's epoch. */
final class TreeTimes {
    private TreeTimes() {
    }

    static void normalize(Path tree, long epochSeconds) throws IOException {
        FileTime time = FileTime.fromMillis(Math.multiplyExact(epochSeconds, 1000L));
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(tree)) {
            paths = walk.toList();
        }
        for (Path p : paths) {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setTimes(time, time, null);
        }
    }

    /** Every path of the tree relative to it, as the filesystem will name it: "/" first, then sorted. */
    static List<String> absoluteNames(Path tree) throws IOException {
        try (Stream<Path> walk = Files.walk(tree)) {
            return walk.map(p -> "/" + tree.relativize(p)).map(s -> s.equals("/") ? "/" : s).sorted().toList();
        }
    }
}
