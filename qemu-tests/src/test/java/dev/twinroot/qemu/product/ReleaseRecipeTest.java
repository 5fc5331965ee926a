package dev.twinroot.qemu.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageConfigReader;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseRecipeTest {

    @Test
    void everyRecipeIsAValidImageConfigWithTheWatchdogArmed() throws IOException {
        for (ReleaseRecipe r : ReleaseRecipe.values()) {
            ImageConfig c = new ImageConfigReader().parse(r.id(), r.config(), false);
            assertEquals(r.version(), c.version(), r.id());
            assertEquals(448L << 20, c.sizes().slotBytes(), r.id());
            assertEquals(Map.of("device", "/dev/watchdog", "timeoutSeconds", ReleaseRecipe.WATCHDOG_SECONDS),
                    c.device().get("watchdog"), r.id());
            assertEquals(r.extraFiles().keySet(), c.extraFiles().keySet(), r.id());
            assertEquals(r != ReleaseRecipe.V1 && r != ReleaseRecipe.SQUASHFS, r.previous().isPresent(), r.id());
            assertEquals(r.slotFilesystem(), c.slotFilesystem(), r.id());
            assertEquals(r == ReleaseRecipe.SQUASHFS ? "squashfs" : "ext4", c.slotFilesystem(), r.id());
        }
    }

    @Test
    void badReleasesAreNewerThanTheFirstAndFailTheirOwnWay() throws IOException {
        assertTrue(ReleaseRecipe.UNHEALTHY.config().contains("/usr/lib/app/health"));
        assertTrue(ReleaseRecipe.HUNG.config().contains("kill -STOP"));
        // The init the initramfs hands over to is the one the panicking release replaces.
        String initramfs;
        try (var in = ReleaseRecipeTest.class.getClassLoader().getResourceAsStream("dev/twinroot/image/initramfs-init.sh")) {
            initramfs = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("exec switch_root /newroot (\\S+)").matcher(initramfs);
        assertTrue(m.find(), "no switch_root in the initramfs init");
        assertTrue(ReleaseRecipe.PANIC.extraFiles().get(m.group(1)).contains("exit 1"), m.group(1));
        assertFalse(ReleaseRecipe.V2.config().contains("health"));
    }
}
