package dev.twinroot.image.flash;

import dev.twinroot.platform.ExternalTool;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A loop device over a sparse backing file; tests detach it in @AfterEach. */
final class LoopDisk {

    static final ExternalTool LOSETUP = new ExternalTool("losetup", "mount");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path device;

    private LoopDisk(Path device) {
        this.device = device;
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "loop devices, BLKPG and mount(2) need root; running as " + System.getProperty("user.name"));
        Assumptions.assumeTrue(LOSETUP.isPresent(), "losetup is not installed (Debian package mount)");
        Assumptions.assumeTrue(Files.exists(Path.of("/dev/loop-control")), "no /dev/loop-control: kernel without loop");
    }

    static LoopDisk attach(Path backing, long size) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(backing.toFile(), "rw")) {
            f.setLength(size);
        }
        String out = LOSETUP.run(List.of("--find", "--show", backing.toString()), TIMEOUT).requireSuccess().stdout().strip();
        return new LoopDisk(Path.of(out));
    }

    Path path() {
        return device;
    }

    void detach() throws IOException {
        LOSETUP.run(List.of("--detach", device.toString()), TIMEOUT).requireSuccess();
    }
}
