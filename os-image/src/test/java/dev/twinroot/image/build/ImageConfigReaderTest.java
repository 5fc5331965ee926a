package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageConfigReaderTest {
    private final ImageConfigReader reader = new ImageConfigReader();

    @Test
    void emptyConfigIsTheDefault() throws IOException {
        ImageConfig c = reader.parse("t", "{}", false);
        assertEquals(ImageConfig.defaults(), c);
        assertEquals("qemu-arm64", c.machine());
        assertEquals("twinroot-qemu-arm64", c.compatible());
        assertEquals("1.0.0", c.version());
        assertEquals("u-boot", c.bootloader());
        assertEquals("ext4", c.slotFilesystem());
        assertEquals(640L << 20, c.sizes().slotBytes());
        assertEquals(true, c.containers(), "a device runs application containers unless the config says no");
        assertEquals(ImageConfig.defaults(), reader.parse("t", "", true));
    }

    @Test
    void containersCanBeTurnedOff() throws IOException {
        assertEquals(false, reader.parse("t", "containers: false", true).containers());
        assertEquals(true, reader.parse("t", "{\"containers\": true}", false).containers());
        ImageConfigException e = assertThrows(ImageConfigException.class,
                () -> reader.parse("t", "{\"containers\": \"maybe\"}", false));
        assertTrue(e.getMessage().contains("containers") || e.getMessage().contains("Boolean"), e.getMessage());
    }

    @Test
    void theBuildSaysWhetherTheSlotHasRunc(@TempDir Path tree) throws IOException {
        ImageConfig on = ImageConfig.defaults();
        ImageConfig off = reader.parse("t", "containers: false", true);
        assertTrue(ImageBuilder.containerSupport(on, tree).startsWith("containers: WARNING: no runc"),
                ImageBuilder.containerSupport(on, tree));
        assertTrue(ImageBuilder.containerSupport(off, tree).startsWith("containers: off"));
        Files.createDirectories(tree.resolve("usr/sbin"));
        Files.writeString(tree.resolve("usr/sbin/runc"), "#!/bin/sh\n");
        assertEquals("containers: runc at /usr/sbin/runc", ImageBuilder.containerSupport(on, tree));
        assertEquals("containers: runc at /usr/sbin/runc", ImageBuilder.containerSupport(off, tree),
                "a runc the rootfs brings itself is reported even when the config did not ask for it");
    }

    @Test
    void yamlAndJsonGiveTheSameConfig() throws IOException {
        ImageConfig yaml = reader.parse("t", """
                machine: raspberrypi4-64
                version: 2.1.0
                rootfs:
                  extraPackages: [curl]
                sizes: {slot: 1GiB, data: 256MiB}
                supervisorJvmOptions: [-Xmx96m]
                extraFiles: {/etc/motd: motd.txt}
                """, true);
        ImageConfig json = reader.parse("t", """
                {"machine":"raspberrypi4-64","version":"2.1.0","rootfs":{"extraPackages":["curl"]},
                 "sizes":{"slot":"1GiB","data":"256MiB"},"supervisorJvmOptions":["-Xmx96m"],
                 "extraFiles":{"/etc/motd":"motd.txt"}}""", false);
        assertEquals(yaml, json);
        assertEquals("twinroot-raspberrypi4-64", yaml.compatible());
        assertEquals(1L << 30, yaml.sizes().slotBytes());
        assertEquals("64MiB", yaml.sizes().boot());
        assertEquals(List.of("curl"), yaml.rootfs().extraPackages());
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        ImageConfigException e = assertThrows(ImageConfigException.class,
                () -> reader.parse("image.json", "{\"slotFilesytem\":\"ext4\"}", false));
        assertTrue(e.getMessage().contains("unknown field 'slotFilesytem'") && e.getMessage().contains("slotFilesystem"),
                e.getMessage());
        ImageConfigException nested = assertThrows(ImageConfigException.class,
                () -> reader.parse("image.yaml", "sizes:\n  slots: 1GiB\n", true));
        assertTrue(nested.getMessage().contains("unknown field 'sizes.slots'"),
                nested.getMessage());
    }

    @Test
    void badValuesNameTheField() {
        Map<String, String> cases = Map.of(
                "{\"machine\":\"pc\"}", "machine: expected one of qemu-arm64, raspberrypi4-64",
                "{\"bootloader\":\"lilo\"}", "bootloader: expected one of u-boot, grub",
                "{\"sizes\":{\"slot\":\"1.5GiB\"}}", "sizes.slot",
                "{\"sizes\":{\"boot\":\"100KiB\"}}", "sizes.boot: must be a positive whole number of MiB",
                "{\"rootfs\":{\"type\":\"tarball\"}}", "rootfs.path: required",
                "{\"extraFiles\":{\"etc/motd\":\"x\"}}", "extraFiles: device path must be absolute",
                "{\"supervisorJvmOptions\":[\"Xmx96m\"]}", "supervisorJvmOptions",
                "{\"slotB\":\"mirror\"}", "slotB: expected one of empty, copy",
                "{\"network\":\"wifi\"}", "network: expected one of dhcp, none",
                "{\"device\":{\"compatible\":\"x\"}}", "device.compatible: written by the image builder");
        cases.forEach((json, message) -> {
            ImageConfigException e = assertThrows(ImageConfigException.class, () -> reader.parse("c.json", json, false), json);
            assertTrue(e.getMessage().startsWith("config c.json: ") && e.getMessage().contains(message), e.getMessage());
        });
    }

    @Test
    void deviceSettingsAndNetworkAreKept() throws IOException {
        ImageConfig c = reader.parse("t", """
                network: none
                device:
                  health:
                    deadlineSeconds: 60
                    commands: [{name: fail, command: [/bin/false]}]
                """, true);
        assertEquals("none", c.network());
        assertEquals(Map.of("deadlineSeconds", 60, "commands", List.of(Map.of("name", "fail", "command", List.of("/bin/false")))),
                c.device().get("health"));
        assertEquals("dhcp", ImageConfig.defaults().network());
        assertEquals(Map.of(), ImageConfig.defaults().device());
    }

    @Test
    void relativePathsAreResolvedAgainstTheConfigFile(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("sub/image.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "rootfs: {type: directory, path: tree}\nkeyring: keys\nextraFiles: {/etc/motd: motd}\n"
                + "tlsCaCertificates: [ca/update-server.pem]\n");
        ImageConfig c = new ImageConfigReader().read(config);
        assertEquals(dir.resolve("sub/tree").toString(), c.rootfs().path());
        assertEquals(dir.resolve("sub/keys").toString(), c.keyring());
        assertEquals(List.of(dir.resolve("sub/ca/update-server.pem").toString()), c.tlsCaCertificates());
        assertEquals(dir.resolve("sub/motd").toString(), c.extraFiles().get("/etc/motd"));
    }

    @Test
    void unsupportedChoicesAreRefusedBeforeBuilding() throws IOException {
        for (String json : List.of("{\"bootloader\":\"grub\",\"machine\":\"raspberrypi4-64\"}",
                "{\"bootloader\":\"grub\",\"machine\":\"raspberrypi4-64\",\"slotFilesystem\":\"squashfs\"}")) {
            ImageConfig c = reader.parse("c", json, false);
            ImageConfigException e = assertThrows(ImageConfigException.class, () -> ImageBuilder.refuseUnsupported(c));
            assertTrue(e.getMessage().contains("use "), e.getMessage());
        }
    }

    @Test
    void squashfsAndErofsSlotsAreBuiltWithUBootAndGrub() throws IOException {
        for (String json : List.of("{\"slotFilesystem\":\"squashfs\"}", "{\"slotFilesystem\":\"erofs\"}",
                "{\"slotFilesystem\":\"squashfs\",\"machine\":\"raspberrypi4-64\"}",
                "{\"slotFilesystem\":\"squashfs\",\"bootloader\":\"grub\"}",
                "{\"slotFilesystem\":\"erofs\",\"bootloader\":\"grub\"}")) {
            ImageBuilder.refuseUnsupported(reader.parse("c", json, false));
        }
    }

    /** Any text gives a config or ImageConfigException, never another exception. */
    @Test
    void mutatedConfigsNeverThrowAnythingElse() {
        String base = "{\"machine\":\"qemu-arm64\",\"version\":\"1.2.3\",\"sizes\":{\"slot\":\"640MiB\"},"
                + "\"rootfs\":{\"type\":\"debian\",\"extraPackages\":[\"curl\"]},\"epoch\":5,\"modules\":[\"ext4\"]}";
        Random random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            char[] text = base.toCharArray();
            for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                text[random.nextInt(text.length)] = "{}[]\":,0a-9 \\n".charAt(random.nextInt(14));
            }
            String mutated = new String(text);
            boolean yaml = random.nextBoolean();
            try {
                reader.parse("m", mutated, yaml);
            } catch (ImageConfigException expected) {
                // fine: a clear error
            } catch (RuntimeException e) {
                throw new AssertionError("input " + mutated + " (yaml " + yaml + ") threw " + e, e);
            }
        }
    }
}
