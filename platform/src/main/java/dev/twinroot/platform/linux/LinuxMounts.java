package dev.twinroot.platform.linux;

import com.sun.jna.LastErrorException;
import dev.twinroot.platform.MountFlag;
import dev.twinroot.platform.MountTable;
import dev.twinroot.platform.Mounts;
import dev.twinroot.platform.PlatformException;
import dev.twinroot.platform.UnmountFlag;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

final class LinuxMounts implements Mounts {

    /** A mountinfo line is about 100-200 bytes; even tens of thousands of mounts stay far below this. */
    static final int MOUNTINFO_CAP = 16 << 20;

    private final Path mountinfo;

    LinuxMounts(Path mountinfo) {
        this.mountinfo = mountinfo;
    }

    @Override
    public void mount(String source, Path target, Optional<String> fsType, Set<MountFlag> flags,
                      Optional<String> data) throws PlatformException {
        try {
            LibC.mount(LibC.cString(source), LibC.cString(target.toString()),
                    fsType.map(LibC::cString).orElse(null), MountFlag.bits(flags),
                    data.map(LibC::cString).orElse(null));
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), "mount " + source + " " + flags, target.toString());
        }
    }

    @Override
    public void unmount(Path target, Set<UnmountFlag> flags) throws PlatformException {
        try {
            LibC.umount2(LibC.cString(target.toString()), UnmountFlag.bits(flags));
        } catch (LastErrorException e) {
            throw PlatformException.of(e.getErrorCode(), "umount2 " + flags, target.toString());
        }
    }

    @Override
    public MountTable table() throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(mountinfo)) {
            bytes = in.readNBytes(MOUNTINFO_CAP + 1);
        }
        if (bytes.length > MOUNTINFO_CAP) {
            throw new IOException(mountinfo + " is larger than " + MOUNTINFO_CAP + " bytes");
        }
        return MountTable.parse(bytes);
    }
}
