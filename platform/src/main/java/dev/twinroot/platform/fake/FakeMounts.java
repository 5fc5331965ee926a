package dev.twinroot.platform.fake;

import dev.twinroot.platform.BlockDevice;
import dev.twinroot.platform.DeviceNumber;
import dev.twinroot.platform.Errno;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.MountInfo;
import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Mounts;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.UnmountFlag;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mount table without a kernel. Mounting a {@link FakeBlockDevices} device keeps it open until unmounted,
 * so BLKRRPART and BLKPG delete see it busy as they would on Linux; any other source is a pseudo filesystem
 * (tmpfs, proc...) with an anonymous {@code 0:N} device. No directory is checked or created.
 */
public final class FakeMounts implements Mounts {

    private static final int ROOT_ID = 1;

    private final FakeBlockDevices devices;
    private final List<Entry> entries = new ArrayList<>();
    private final Set<Path> busy = new HashSet<>();
    private final Map<Integer, BlockDevice> held = new HashMap<>();
    private int nextId = 100;
    private int nextAnonymous = 100;

    public FakeMounts(FakeBlockDevices devices) {
        this.devices = devices;
    }

    private record Entry(MountInfo info, Set<MountFlag> flags) {
    }

    @Override
    public synchronized void mount(String source, Path target, Optional<String> fsType, Set<MountFlag> flags,
                                   Optional<String> data) throws IOException {
        Path point = target.toAbsolutePath().normalize();
        String operation = "mount " + source + " " + flags;
        if (flags.contains(MountFlag.REMOUNT)) {
            int index = lastAt(point).orElseThrow(() -> PlatformException.of(Errno.EINVAL, operation, point.toString()));
            MountInfo old = entries.get(index).info();
            entries.set(index, new Entry(info(old.mountId(), old.parentId(), old.device(), old.root(), point, flags,
                    old.fsType(), old.source(), data), flags));
            return;
        }
        if (flags.contains(MountFlag.BIND)) {
            Path from = Path.of(source).toAbsolutePath().normalize();
            MountInfo under = covering(from).orElseThrow(() -> PlatformException.of(Errno.ENOENT, operation, point.toString()));
            Path root = Path.of(under.root()).resolve(under.mountPoint().relativize(from).toString()).normalize();
            add(info(nextId++, parentOf(point), under.device(), root.toString(), point, flags, under.fsType(),
                    under.source(), Optional.empty()), flags);
            return;
        }
        String type = fsType.orElseThrow(() -> PlatformException.of(Errno.EINVAL, operation, point.toString()));
        DeviceNumber device;
        int id = nextId++;
        if (source.startsWith("/")) {
            Path sourcePath = Path.of(source);
            if (!devices.contains(sourcePath)) {
                throw PlatformException.of(Errno.ENOENT, operation, point.toString());
            }
            device = devices.deviceNumber(sourcePath);
            held.put(id, devices.open(sourcePath, flags.contains(MountFlag.RDONLY)
                    ? BlockDevice.Access.READ_ONLY : BlockDevice.Access.READ_WRITE));
        } else {
            device = new DeviceNumber(0, nextAnonymous++);
        }
        add(info(id, parentOf(point), device, "/", point, flags, type, source, data), flags);
    }

    @Override
    public synchronized void unmount(Path target, Set<UnmountFlag> flags) throws IOException {
        Path point = target.toAbsolutePath().normalize();
        String operation = "umount2 " + flags;
        int index = lastAt(point).orElseThrow(() -> PlatformException.of(Errno.EINVAL, operation, point.toString()));
        int id = entries.get(index).info().mountId();
        boolean hasChildren = entries.stream().anyMatch(e -> e.info().parentId() == id);
        if (!flags.contains(UnmountFlag.DETACH) && (busy.contains(point) || hasChildren)) {
            throw PlatformException.of(Errno.EBUSY, operation, point.toString());
        }
        List<Entry> gone = entries.stream().filter(e -> e.info().mountPoint().startsWith(point)
                && entries.indexOf(e) >= index).toList();
        for (Entry e : gone) {
            entries.remove(e);
            BlockDevice device = held.remove(e.info().mountId());
            if (device != null) {
                device.close();
            }
        }
        busy.remove(point);
    }

    @Override
    public synchronized MountTable table() {
        return new MountTable(entries.stream().map(Entry::info).toList());
    }

    /** Makes a plain unmount of {@code mountPoint} fail with EBUSY, as an open file under it would. */
    public synchronized void markBusy(Path mountPoint) {
        busy.add(mountPoint.toAbsolutePath().normalize());
    }

    private void add(MountInfo info, Set<MountFlag> flags) {
        entries.add(new Entry(info, Set.copyOf(flags)));
    }

    private Optional<Integer> lastAt(Path point) {
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).info().mountPoint().equals(point)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    private Optional<MountInfo> covering(Path path) {
        MountInfo best = null;
        for (Entry e : entries) {
            Path point = e.info().mountPoint();
            if (path.startsWith(point) && (best == null || point.getNameCount() >= best.mountPoint().getNameCount())) {
                best = e.info();
            }
        }
        return Optional.ofNullable(best);
    }

    private int parentOf(Path point) {
        return covering(point).map(MountInfo::mountId).orElse(ROOT_ID);
    }

    private static MountInfo info(int id, int parent, DeviceNumber device, String root, Path point,
                                  Set<MountFlag> flags, String fsType, String source, Optional<String> data) {
        List<String> options = new ArrayList<>();
        options.add(flags.contains(MountFlag.RDONLY) ? "ro" : "rw");
        for (MountFlag f : List.of(MountFlag.NOSUID, MountFlag.NODEV, MountFlag.NOEXEC, MountFlag.NOATIME)) {
            if (flags.contains(f)) {
                options.add(f.name().toLowerCase(java.util.Locale.ROOT));
            }
        }
        if (!flags.contains(MountFlag.NOATIME)) {
            options.add(flags.contains(MountFlag.STRICTATIME) ? "strictatime" : "relatime");
        }
        List<String> superOptions = new ArrayList<>();
        superOptions.add(flags.contains(MountFlag.RDONLY) ? "ro" : "rw");
        data.ifPresent(d -> superOptions.addAll(List.of(d.split(","))));
        return new MountInfo(id, parent, device, root, point, options, List.of(), fsType, source, superOptions);
    }
}
