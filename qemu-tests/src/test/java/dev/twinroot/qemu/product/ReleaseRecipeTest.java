package dev.twinroot.qemu.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageConfigReader;
import dev.twinroot.supervisor.config.ConfigLoader;
import dev.twinroot.supervisor.config.SystemConfig;
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
            int timeout = r == ReleaseRecipe.HUNG ? ReleaseRecipe.HUNG_WATCHDOG_SECONDS : ReleaseRecipe.WATCHDOG_SECONDS;
            assertEquals(Map.of("device", "/dev/watchdog", "timeoutSeconds", timeout),
                    c.device().get("watchdog"), r.id());
            assertEquals(r.extraFiles().keySet(), c.extraFiles().keySet(), r.id());
            boolean first = r == ReleaseRecipe.V1 || r == ReleaseRecipe.GRUB_V1 || r == ReleaseRecipe.SQUASHFS
                    || r == ReleaseRecipe.GRUB_SQUASHFS_V1;
            assertEquals(!first, r.previous().isPresent(), r.id());
            assertEquals(r.name().startsWith("GRUB_") ? "grub" : "u-boot", c.bootloader(), r.id());
            assertEquals(r.slotFilesystem(), c.slotFilesystem(), r.id());
            boolean squashfs = r == ReleaseRecipe.SQUASHFS || r.name().startsWith("GRUB_SQUASHFS_");
            assertEquals(squashfs ? "squashfs" : "ext4", c.slotFilesystem(), r.id());
        }
    }

    @Test
    void everyRecipePollsTheChannelWithSettingsTheSupervisorAccepts() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (ReleaseRecipe r : ReleaseRecipe.values()) {
            ImageConfig c = new ImageConfigReader().parse(r.id(), r.config(), false);
            // The fields the image builder derives, then the recipe's device settings: system.json as the image has it.
            java.util.Map<String, Object> system = new java.util.TreeMap<>(Map.of("formatVersion", 1,
                    "compatible", c.compatible(), "slots", Map.of("A", Map.of("partlabel", "rootfs-a"),
                            "B", Map.of("partlabel", "rootfs-b")),
                    "bootControl", Map.of("backend", "u-boot", "path", "/mnt/boot"),
                    "keyring", "/etc/twinroot/keyring", "dataDir", "/data"));
            system.putAll(c.device());
            SystemConfig parsed = ConfigLoader.parse(json.writeValueAsBytes(system), r.id());
            assertEquals(java.util.Optional.of("http://10.0.2.100/channel/index.json"), parsed.updates().channel(), r.id());
            assertEquals("immediate", parsed.updates().policy().reboot(), r.id());
            assertEquals(java.time.Duration.ofHours(1), parsed.updates().pollInterval(), r.id());
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
