package dev.twinroot.yocto;

import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageLayout;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The Yocto machines meta-twinroot supports, each tied to the machine of {@code twinroot image build} whose
 * layout, kernel arguments and compatible string it shares.
 */
enum LayerMachine {
    QEMUARM64("qemuarm64", "qemu-arm64"),
    RASPBERRYPI4_64("raspberrypi4-64", "raspberrypi4-64");

    private final String yoctoName;
    private final String imageMachine;

    LayerMachine(String yoctoName, String imageMachine) {
        this.yoctoName = yoctoName;
        this.imageMachine = imageMachine;
    }

    /** MACHINE as BitBake and the kas files spell it. */
    String yoctoName() {
        return yoctoName;
    }

    /** Stands for the compatible string in generated templates; the recipes put TWINROOT_COMPATIBLE there. */
    static final String COMPATIBLE_PLACEHOLDER = "@TWINROOT_COMPATIBLE@";
    /** Stands for the image version in generated templates; the recipes put TWINROOT_IMAGE_VERSION there. */
    static final String VERSION_PLACEHOLDER = "@TWINROOT_IMAGE_VERSION@";

    /**
     * The layer variable holding the MBR disk identifier (8 hex digits): the wic plugin writes it into the disk,
     * twinroot-config names the slots' PARTUUIDs with it.
     */
    static final String MBR_DISKID_VARIABLE = "TWINROOT_MBR_DISKID";
    /** Stands for the MBR disk identifier in generated templates; twinroot-config puts TWINROOT_MBR_DISKID there. */
    static final String MBR_DISKID_PLACEHOLDER = "@" + MBR_DISKID_VARIABLE + "@";
    /** The wic source plugin (bootloader --source) that writes TWINROOT_MBR_DISKID into the MBR. */
    static final String MBR_DISKID_PLUGIN = "twinroot-mbr-diskid";

    /** Whether the machine's disk has an MBR, which names partitions only by disk identifier and number. */
    boolean mbr() throws IOException {
        return ImageLayout.mbrDiskSignature(imageConfig()).isPresent();
    }

    /**
     * The default of TWINROOT_MBR_DISKID: the disk signature {@code twinroot image build} gives this machine at
     * its default config, in the kernel's PARTUUID spelling; empty for a GPT machine.
     */
    Optional<String> defaultMbrDiskId() throws IOException {
        return hex(ImageLayout.mbrDiskSignature(imageConfig()));
    }

    static Optional<String> hex(OptionalLong signature) {
        return signature.isPresent()
                ? Optional.of(String.format(Locale.ROOT, "%08x", signature.getAsLong() & 0xffffffffL))
                : Optional.empty();
    }

    /** The image builder's config for this machine: every field at its default. */
    ImageConfig imageConfig() {
        return config(null, null);
    }

    /**
     * The machine's config with compatible string and version replaced by placeholders the layer's recipes
     * substitute at build time, for the files generated as templates.
     */
    ImageConfig templateConfig() {
        return config(COMPATIBLE_PLACEHOLDER, VERSION_PLACEHOLDER);
    }

    private ImageConfig config(String compatible, String version) {
        return new ImageConfig(imageMachine, null, null, null, null, null, version, compatible, null, null, null, null,
                null, null, null, null, null, null, null);
    }
}
