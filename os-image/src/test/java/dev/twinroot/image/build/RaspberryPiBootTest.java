package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.image.DebianPackage;
import dev.twinroot.image.HostTools;
import dev.twinroot.image.ImageException;
import dev.twinroot.image.PackageCache;
import dev.twinroot.image.VfatImage;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Raspberry Pi 4's boot partition, from Debian's real raspi-firmware and u-boot-rpi (fetched into the package
 * cache like every Debian package of a build), written into a real FAT image and read back with mtools. No test
 * boots it: QEMU 7.2 has no Raspberry Pi 4 machine ({@code raspi4b} arrived in QEMU 9.0).
 */
class RaspberryPiBootTest {

    private static final String KERNEL = "6.1.0-99-arm64";
    private static final byte[] DTB = {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed, 0, 0, 0, 8};

    @TempDir
    Path dir;

    private Path rootfsWithDeviceTrees() throws IOException {
        Path broadcom = Files.createDirectories(dir.resolve("rootfs/usr/lib/linux-image-" + KERNEL + "/broadcom"));
        Files.write(broadcom.resolve("bcm2711-rpi-4-b.dtb"), DTB);
        Files.write(broadcom.resolve("bcm2711-rpi-400.dtb"), DTB);
        Files.write(broadcom.resolve("bcm2837-rpi-3-b.dtb"), DTB);
        return dir.resolve("rootfs");
    }

    @Test
    void bootPartitionHoldsFirmwareUBootConfigTxtDeviceTreesAndTheBootScript() throws IOException {
        ImageConfig config = new ImageConfigReader().parse("t", "{\"machine\":\"raspberrypi4-64\"}", false);
        Path tree = dir.resolve("boot");
        BootPartition.writeUBoot(tree, ImageLayout.bootScript(config), config.epoch());
        List<DebianPackage> packages = RaspberryPiBoot.write(tree, rootfsWithDeviceTrees(), KERNEL,
                PackageCache.defaultLocation(), Files.createDirectories(dir.resolve("work")));
        for (String name : List.of("raspi-firmware", "u-boot-rpi")) {
            assertTrue(packages.stream().anyMatch(p -> p.name().equals(name) && p.architecture().matches("arm64|all")),
                    packages.toString());
        }
        Path image = dir.resolve("boot.img");
        new VfatImage(new VfatImage.Options("BOOT", 0x1234, config.sizes().bootBytes(), config.epoch()))
                .build(tree, image);

        byte[] start = read(image, "start4.elf");
        assertArrayEquals(new byte[] {0x7f, 'E', 'L', 'F'}, Arrays.copyOf(start, 4), "the GPU firmware is an ELF");
        assertTrue(start.length > 1_000_000, "start4.elf is " + start.length + " bytes");
        assertTrue(read(image, "fixup4.dat").length > 1000);
        String uboot = new String(read(image, "u-boot.bin"), StandardCharsets.ISO_8859_1);
        assertTrue(uboot.contains("U-Boot 2023.01"), "u-boot.bin names its version");
        assertTrue(uboot.contains("ramdisk_addr_r=0x02700000"), "the rpi_arm64 build's memory layout");
        assertTrue(new String(read(image, RaspberryPiBoot.LICENCE_FILE), StandardCharsets.UTF_8).contains("Broadcom"));
        assertArrayEquals(DTB, read(image, "bcm2711-rpi-4-b.dtb"));
        assertArrayEquals(DTB, read(image, "bcm2711-rpi-400.dtb"));
        assertTrue(!Files.exists(tree.resolve("bcm2837-rpi-3-b.dtb")), "only the Pi 4 family's trees");

        String configTxt = new String(read(image, "config.txt"), StandardCharsets.US_ASCII);
        List<String> settings = configTxt.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
        assertEquals(List.of("arm_64bit=1", "kernel=u-boot.bin", "enable_uart=1", "upstream_kernel=1"), settings);

        byte[] scr = read(image, BootContract.BOOT_SCRIPT);
        assertEquals(0x27051956, ByteBuffer.wrap(scr).getInt(0), "boot.scr is a legacy U-Boot image");
        String script = new String(scr, StandardCharsets.US_ASCII);
        assertTrue(script.contains("part uuid ${devtype} ${devnum}:2 tr_partuuid"), "MBR: root by PARTUUID");
        for (String state : BootContract.STATE_FILES) {
            assertEquals(0x4000, read(image, state).length, state);
        }
    }

    @Test
    void aRootfsWithoutThePi4DeviceTreeIsRefusedByName() throws IOException {
        Path packages = dir.resolve("packages");
        Files.createDirectories(packages.resolve(RaspberryPiBoot.FIRMWARE_DIR));
        for (String f : RaspberryPiBoot.FIRMWARE) {
            Files.write(packages.resolve(RaspberryPiBoot.FIRMWARE_DIR).resolve(f), new byte[] {1});
        }
        Files.createDirectories(packages.resolve(RaspberryPiBoot.UBOOT).getParent());
        Files.write(packages.resolve(RaspberryPiBoot.UBOOT), new byte[] {2});
        Files.createDirectories(dir.resolve("empty-rootfs"));
        ImageException e = assertThrows(ImageException.class, () -> RaspberryPiBoot.write(dir.resolve("boot"),
                packages, dir.resolve("empty-rootfs"), KERNEL));
        assertTrue(e.getMessage().contains("bcm2711-rpi-4-b.dtb"), e.getMessage());
        Files.delete(packages.resolve(RaspberryPiBoot.UBOOT));
        e = assertThrows(ImageException.class, () -> RaspberryPiBoot.write(dir.resolve("boot"), packages,
                rootfsWithDeviceTrees(), KERNEL));
        assertTrue(e.getMessage().contains("u-boot-rpi package has no regular file /" + RaspberryPiBoot.UBOOT),
                e.getMessage());
    }

    private byte[] read(Path image, String file) throws IOException {
        Path out = dir.resolve("out-" + file);
        HostTools.MCOPY.run(List.of("-n", "-o", "-i", image.toString(), "::" + file, out.toString()),
                Duration.ofMinutes(1)).requireSuccess();
        return Files.readAllBytes(out);
    }
}
