package dev.twinroot.platform;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A loop device over a backing file, made with losetup; tests must {@link #detach()} it in @AfterEach. */
public final class LoopDevice {

    public static final ExternalTool LOSETUP = new ExternalTool("losetup", "mount");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path device;

    private LoopDevice(Path device) {
        this.device = device;
    }

    /** Skips the calling test, with the reason, where loop devices cannot be made. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "loop devices, BLKPG and mount(2) need root; running as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(LOSETUP.isPresent(), "losetup is not installed (Debian package mount)");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no /dev/loop-control: kernel without loop");
    }

    /** Attaches {@code backing} with partition scanning on and the given logical sector size. */
    public static LoopDevice attach(Path backing, int sectorSize) throws IOException {
        List<String> args = new ArrayList<>(List.of("--find", "--show", "--partscan"));
        if (sectorSize != 512) {
            args.addAll(List.of("--sector-size", Integer.toString(sectorSize)));
        }
        args.add(backing.toString());
        String out = LOSETUP.run(args, TIMEOUT).requireSuccess().stdout().strip();
        return new LoopDevice(Path.of(out));
    }

    public Path path() {
        return device;
    }

    public void detach() throws IOException {
        LOSETUP.run(List.of("--detach", device.toString()), TIMEOUT).requireSuccess();
    }
}
