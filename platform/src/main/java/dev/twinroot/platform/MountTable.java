package dev.twinroot.platform;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What is mounted, in the kernel's order (a later mount on the same point hides the earlier one). */
public record MountTable(List<MountInfo> mounts) {

    public MountTable {
        mounts = List.copyOf(mounts);
    }

    /** Parses the bytes of a mountinfo file; see {@link MountInfoParser} for what is checked. */
    public static MountTable parse(byte[] mountinfo) throws MountInfoFormatException {
        return new MountTable(new MountInfoParser(mountinfo).parse());
    }

    /** Every mount of a filesystem on {@code device}: more than one with bind mounts. */
    public List<MountInfo> mountedFrom(DeviceNumber device) {
        return mounts.stream().filter(m -> m.device().equals(device)).toList();
    }

    /** The mount visible at exactly {@code mountPoint} (the last one mounted there). */
    public Optional<MountInfo> at(Path mountPoint) {
        Path wanted = mountPoint.toAbsolutePath().normalize();
        MountInfo found = null;
        for (MountInfo m : mounts) {
            if (m.mountPoint().equals(wanted)) {
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }
}
