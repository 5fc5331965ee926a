package dev.twinroot.updater.slot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a partition by its GPT label through sysfs: busybox systems have no udev and so no
 * {@code /dev/disk/by-partlabel}, but every partition's {@code uevent} says {@code PARTNAME=} and
 * {@code DEVNAME=}.
 */
public final class PartitionLabels {

    /** A uevent file is a handful of lines; a larger one is not what we expect and is skipped. */
    static final int MAX_UEVENT = 4096;

    private final Path sysClassBlock;
    private final Path dev;

    /** Reads {@code sysClassBlock/NAME/uevent} and names devices under {@code dev}. */
    public PartitionLabels(Path sysClassBlock, Path dev) {
        this.sysClassBlock = sysClassBlock;
        this.dev = dev;
    }

    public static PartitionLabels system() {
        return new PartitionLabels(Path.of("/sys/class/block"), Path.of("/dev"));
    }

    /**
     * The device node of the one partition labelled {@code label}; empty if none is; an error if several are,
     * because writing the wrong one of two equally named partitions would destroy a disk.
     */
    public Optional<Path> find(String label) throws IOException {
        List<Path> found = new ArrayList<>();
        if (!Files.isDirectory(sysClassBlock)) {
            throw new SlotException(sysClassBlock + " is not a directory: is sysfs mounted?");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(sysClassBlock)) {
            for (Path entry : entries) {
                Path uevent = entry.resolve("uevent");
                if (!Files.isRegularFile(uevent) || Files.size(uevent) > MAX_UEVENT) {
                    continue;
                }
                Uevent u = Uevent.parse(new String(Files.readAllBytes(uevent), StandardCharsets.UTF_8));
                if (u.partName().equals(Optional.of(label)) && u.devName().isPresent()) {
                    found.add(dev.resolve(u.devName().get()));
                }
            }
        }
        if (found.size() > 1) {
            found.sort(null);
            throw new SlotException("partition label \"" + label + "\" is on " + found.size() + " partitions: "
                    + found);
        }
        return found.stream().findFirst();
    }

    /** The two fields we use from a uevent's KEY=VALUE lines. */
    record Uevent(Optional<String> devName, Optional<String> partName) {

        static Uevent parse(String text) {
            Optional<String> devName = Optional.empty();
            Optional<String> partName = Optional.empty();
            for (String line : text.split("\n")) {
                if (line.startsWith("DEVNAME=")) {
                    String name = line.substring(8);
                    // A DEVNAME is a name under /dev, never a path that climbs out of it.
                    if (!name.isEmpty() && !name.contains("..") && !name.startsWith("/")) {
                        devName = Optional.of(name);
                    }
                } else if (line.startsWith("PARTNAME=")) {
                    partName = Optional.of(line.substring(9));
                }
            }
            return new Uevent(devName, partName);
        }
    }
}
