package dev.twinroot.qemu.product;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.image.PackageCache;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.apps.image.ImageArchive;
import dev.twinroot.supervisor.apps.image.ImagePlatform;
import dev.twinroot.supervisor.apps.image.ImageStore;
import dev.twinroot.supervisor.apps.image.StoredImage;
import dev.twinroot.supervisor.apps.layer.LayerUnpacker;
import dev.twinroot.supervisor.apps.layer.RootfsBuilder;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scenario's application image, loaded the way the device loads it, with the supervisor's own store. */
class AppImageTest {

    @TempDir
    Path dir;

    @Test
    void anArm64DeviceLoadsAndUnpacksItAndTheBuildIsReproducible() throws Exception {
        assumeTrue(new dev.twinroot.platform.ExternalTool("mmdebstrap", "mmdebstrap").isPresent(),
                "needs mmdebstrap to fetch busybox-static:arm64: apt-get install mmdebstrap");
        AppImage image = AppImage.busybox(PackageCache.defaultLocation(), AppContainerScenario.COMMAND);
        assertArrayEquals(image.archive(), AppImage.busybox(PackageCache.defaultLocation(),
                AppContainerScenario.COMMAND).archive(), "the same busybox gives the same archive");

        ImageStore store = new ImageStore(dir.resolve("images"));
        List<StoredImage> loaded = new ImageArchive(store, new ImagePlatform("linux", "arm64"))
                .load(new ByteArrayInputStream(image.archive()), "recorder.oci.tar");
        assertEquals(1, loaded.size());
        assertEquals(image.digest(), loaded.get(0).manifest());
        assertEquals(AppContainerScenario.COMMAND, loaded.get(0).config().defaultArgs());

        Path root = new RootfsBuilder(store, new LayerUnpacker(1L << 30, true), Platform.linux().fileSync())
                .rootfs(loaded.get(0));
        byte[] head = Arrays.copyOf(Files.readAllBytes(root.resolve("bin/busybox")), 20);
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(head, 4));
        assertEquals(183, head[18] & 0xff, "e_machine of bin/busybox: EM_AARCH64 (183)");
        for (String applet : AppImage.APPLETS) {
            assertEquals(Path.of("busybox"), Files.readSymbolicLink(root.resolve("bin/" + applet)), applet);
        }
        assertTrue(Files.isDirectory(root.resolve("data"), LinkOption.NOFOLLOW_LINKS), "the volume's mount point");
    }
}
