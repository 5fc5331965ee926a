package dev.twinroot.image.build;

import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.updater.contract.PartitionTable;
import java.io.IOException;
import java.util.OptionalLong;

/**
 * What every Twinroot image has in common, for builders other than {@link ImageBuilder} (the Yocto layer's
 * generator and checks): the partition table of a config and the device files the image writes. Read-only
 * views over the builder's own definitions, so the two ways of baking an image cannot drift apart.
 */
public final class ImageLayout {
    /** Where the supervisor jar sits in a slot. */
    public static final String SUPERVISOR_JAR = "/" + DeviceFiles.SUPERVISOR_JAR;
    /** Where the supervisor's library jars sit: {@code lib/} beside the jar, as its manifest's Class-Path names them. */
    public static final String SUPERVISOR_LIBRARIES = "/" + DeviceFiles.SUPERVISOR_DIR + "/lib";
    /** The device configuration file read by the updater and the supervisor. */
    public static final String SYSTEM_JSON = "/" + DeviceConfig.PATH;
    /** The directory of CA certificates a bundle's signature must chain to. */
    public static final String KEYRING = DeviceConfig.KEYRING;
    /** Where the device mounts the boot partition (the boot state lives there). */
    public static final String BOOT_MOUNT = DeviceConfig.BOOT_MOUNT;
    /** Where the device mounts the data partition. */
    public static final String DATA_DIR = DeviceConfig.DATA_DIR;
    /** The file naming the image's version for the supervisor. */
    public static final String OS_RELEASE = DeviceConfig.OS_RELEASE;
    /** The slot class of every bundle's root filesystem image. */
    public static final String SLOT_CLASS = UpdateBundles.SLOT_CLASS;

    private ImageLayout() {
    }

    /** The partition table {@code twinroot image build} writes for this config. */
    public static LayoutSpec partitionTable(ImageConfig config) {
        return DiskLayout.of(config);
    }

    /**
     * The disk signature of this config's MBR disk (bytes 440-443, the first half of every slot's PARTUUID
     * {@code SSSSSSSS-NN} in {@link #systemJson}); empty for a GPT disk.
     */
    public static OptionalLong mbrDiskSignature(ImageConfig config) throws IOException {
        return DiskLayout.partitionTable(config) == PartitionTable.MBR
                ? OptionalLong.of(DiskLayout.mbrSignature(config)) : OptionalLong.empty();
    }

    /**
     * The U-Boot script for this config: its partition table decides how the root is named to the kernel
     * (PARTLABEL on GPT, PARTUUID on the Raspberry Pi's MBR), its slot filesystem where the kernel is loaded from.
     */
    public static UBootScript bootScript(ImageConfig config) {
        return new UBootScript(config.kernelArguments(), DiskLayout.partitionTable(config),
                ImageBuilder.slotFilesystemType(config));
    }

    /** {@code /etc/twinroot/system.json} exactly as {@code twinroot image build} writes it for this config. */
    public static String systemJson(ImageConfig config) throws IOException {
        return DeviceFiles.systemJson(config);
    }

    /** {@code /etc/twinroot/os-release} as the image writes it. */
    public static String osRelease(ImageConfig config) {
        return DeviceFiles.osRelease(config);
    }
}
