package dev.twinroot.image.flash;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Platform;
import dev.twinroot.platform.PlatformException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Decides whether a path may be flashed, before anything is opened for writing. The rules, strongest first:
 * <ol>
 * <li>never the device that holds {@code /} (or a device under it), even with --force: that destroys the
 *     running system mid-write, and no flash is worth that;</li>
 * <li>never the device that holds the image file: the write would eat its own input;</li>
 * <li>never a device smaller than the image;</li>
 * <li>not a device with a mounted filesystem or active swap, nor another partition of the running system's
 *     disk, unless --force;</li>
 * <li>a missing path under {@code /dev} is a missing device (a typo must not become a file in devtmpfs); a
 *     missing path elsewhere becomes a new regular file.</li>
 * </ol>
 * Devices are matched by {@code major:minor}, never by name.
 */
final class TargetInspector {

    private static final Path ROOT = Path.of("/");

    private final Platform platform;
    private final BlockTopology topology;
    private final Path procSwaps;

    TargetInspector(Platform platform, BlockTopology topology, Path procSwaps) {
        this.platform = platform;
        this.topology = topology;
        this.procSwaps = procSwaps;
    }

    FlashPlan inspect(FlashImage image, Path device, FlashOptions options) throws IOException {
        Path absolute = device.toAbsolutePath().normalize();
        if (!Files.exists(absolute)) {
            return newFile(image, absolute, options);
        }
        Path real = absolute.toRealPath();
        if (Files.isSameFile(real, image.path())) {
            throw new FlashRefusedException(device + " is the image itself");
        }
        if (Files.isRegularFile(real)) {
            checkFreeSpace(image, real, Files.size(real));
            return new FlashPlan(image, real, TargetKind.FILE, OptionalLong.empty(), options, List.of());
        }
        DeviceNumber number;
        try {
            number = platform.blockDevices().deviceNumber(real);
        } catch (PlatformException e) {
            if (e.errno() == Errno.ENOTBLK.number()) {
                throw new FlashRefusedException(device + " is neither a block device nor a regular file");
            }
            throw e;
        }
        List<String> warnings = checkDevice(image, device, real, number, options);
        long capacity = capacity(real);
        if (capacity < image.minimumSize()) {
            throw new FlashRefusedException(device + " is too small: it holds " + Sizes.human(capacity) + " (" + capacity
                    + " bytes), the image needs " + (image.sizeExact() ? "" : "at least ") + Sizes.human(image.minimumSize())
                    + " (" + image.minimumSize() + " bytes)");
        }
        return new FlashPlan(image, real, TargetKind.BLOCK_DEVICE, OptionalLong.of(capacity), options, warnings);
    }

    private FlashPlan newFile(FlashImage image, Path absolute, FlashOptions options) throws IOException {
        if (absolute.startsWith("/dev")) {
            throw new FlashRefusedException(absolute + ": no such device (is the card inserted? `lsblk` lists devices)");
        }
        Path parent = absolute.getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new FlashRefusedException(absolute + ": directory " + parent + " does not exist");
        }
        checkFreeSpace(image, parent, 0);
        return new FlashPlan(image, absolute, TargetKind.NEW_FILE, OptionalLong.empty(), options, List.of());
    }

    private static void checkFreeSpace(FlashImage image, Path where, long reusable) throws IOException {
        long usable = Files.getFileStore(where).getUsableSpace();
        if (usable >= 0 && image.minimumSize() > usable + reusable) {
            throw new FlashRefusedException(where + ": not enough free space: " + Sizes.human(usable + reusable)
                    + " available, the image needs " + Sizes.human(image.minimumSize()));
        }
    }

    private List<String> checkDevice(FlashImage image, Path device, Path real, DeviceNumber number,
                                     FlashOptions options) throws IOException {
        Set<DeviceNumber> covered = topology.covered(number);
        MountTable table = platform.mounts().table();
        List<String> warnings = new ArrayList<>();

        Optional<MountInfo> root = table.at(ROOT);
        Set<DeviceNumber> rootDevices = root.isPresent() ? topology.devicesOf(root.get()) : Set.of();
        if (!Collections.disjoint(rootDevices, covered)) {
            throw new FlashRefusedException(device + " holds the running system's root filesystem (" + root.get().source()
                    + " on /): refused, even with --force");
        }
        long imageDev = (Long) Files.getAttribute(image.path(), "unix:dev");
        if (!Collections.disjoint(topology.underlyingOrSelf(DeviceNumber.fromDevT(imageDev)), covered)) {
            throw new FlashRefusedException(device + " holds the image file " + image.path() + ": refused, even with --force");
        }

        List<String> inUse = new ArrayList<>();
        for (MountInfo m : table.mounts()) {
            if (!Collections.disjoint(topology.devicesOf(m), covered)) {
                inUse.add(m.source() + " on " + m.mountPoint());
            }
        }
        for (String swap : swaps()) {
            if (topology.nodeNumber(swap).filter(n -> !Collections.disjoint(topology.underlyingOrSelf(n), covered)).isPresent()) {
                inUse.add(swap + " as swap");
            }
        }
        if (!inUse.isEmpty()) {
            String what = device + " is in use: " + String.join(", ", inUse);
            if (!options.force()) {
                throw new FlashRefusedException(what + "; unmount it first (or pass --force)");
            }
            warnings.add(what + " (--force: writing anyway)");
        }

        DeviceNumber disk = topology.disk(number);
        for (DeviceNumber under : rootDevices) {
            if (topology.disk(under).equals(disk)) {
                String what = device + " is a partition of the running system's disk (which holds " + root.get().source() + " on /)";
                if (!options.force()) {
                    throw new FlashRefusedException(what + " (pass --force to write it anyway)");
                }
                warnings.add(what + " (--force: writing anyway)");
                break;
            }
        }
        return warnings;
    }

    private long capacity(Path real) throws IOException {
        try (BlockDevice dev = platform.blockDevices().open(real, BlockDevice.Access.READ_ONLY)) {
            return dev.size();
        }
    }

    /** Device paths of active swap areas, from /proc/swaps (first column; the kernel escapes spaces as \040). */
    private List<String> swaps() throws IOException {
        if (!Files.isReadable(procSwaps)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(procSwaps, StandardCharsets.UTF_8);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] fields = line.strip().split("\\s+");
            if (!fields[0].isEmpty()) {
                out.add(fields[0].replace("\\040", " "));
            }
        }
        return out;
    }
}
