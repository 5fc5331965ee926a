package dev.twinroot.updater.bootcontrol.grub;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the standalone arm64 GRUB EFI binary ({@code EFI/BOOT/BOOTAA64.EFI}) that runs {@link GrubConfig}:
 * {@link GrubConfig#REQUIRED_MODULES} built in, prefix = the directory of {@link BootContract#GRUB_CONFIG_FILE}
 * on the partition GRUB was loaded from, so {@code grub.cfg} and {@code grubenv} are found next to it.
 */
public final class GrubEfiImage {

    public static final ExternalTool GRUB_MKIMAGE = new ExternalTool("grub-mkimage", "grub-common");
    /** Where the EFI binary goes on the ESP: the removable-media path UEFI firmware boots without a boot entry. */
    public static final String PATH = "EFI/BOOT/BOOTAA64.EFI";

    private GrubEfiImage() {
    }

    /** The prefix compiled into the image, e.g. {@code /EFI/BOOT}. */
    public static String prefix() {
        String config = BootContract.GRUB_CONFIG_FILE;
        return "/" + config.substring(0, config.lastIndexOf('/'));
    }

    /**
     * @param modules the {@code arm64-efi} module directory, from Debian's {@code grub-efi-arm64-bin} (arm64)
     *     package, e.g. {@code /usr/lib/grub/arm64-efi}
     * @param output the EFI binary to write
     */
    public static void build(Path modules, Path output) throws IOException {
        if (!Files.isRegularFile(modules.resolve("linux.mod"))) {
            throw new IOException("not a GRUB arm64-efi module directory: " + modules
                    + " has no linux.mod (unpack grub-efi-arm64-bin:arm64 there)");
        }
        List<String> args = new ArrayList<>(List.of("-O", "arm64-efi", "-d", modules.toString(), "-p", prefix(),
                "-o", output.toString()));
        args.addAll(GrubConfig.REQUIRED_MODULES);
        GRUB_MKIMAGE.run(args, Duration.ofSeconds(60)).requireSuccess();
    }
}
