package dev.twinroot.yocto;

import dev.twinroot.image.build.ImageConfig;

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
