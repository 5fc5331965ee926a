package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check fails when the layer is broken the way it guards against: each case edits one file of a copy
 * of the committed layer (the edit must apply, so a case cannot pass by editing nothing) and expects a
 * finding of one rule.
 */
class LayerCheckerMutationTest {
    private static final String SUPERVISOR = "meta-twinroot/recipes-twinroot/twinroot-supervisor/";
    private static final String UNIT = SUPERVISOR + "files/twinroot-supervisor.service";
    private static final String SUPERVISOR_BB = SUPERVISOR + "twinroot-supervisor_0.1.0.bb";
    private static final String SUPERVISOR_IGNORE = SUPERVISOR + "files/.gitignore";
    private static final String IMAGE = "meta-twinroot/recipes-core/images/twinroot-image.bb";
    private static final String LAYER_CONF = "meta-twinroot/conf/layer.conf";
    private static final String DISTRO = "meta-twinroot/conf/distro/twinroot.conf";
    private static final String CONFIG_BB = "meta-twinroot/recipes-twinroot/twinroot-config/twinroot-config_1.0.bb";
    private static final String WKS_QEMU = "meta-twinroot/wic/twinroot-qemuarm64.wks.in";
    private static final String WKS_RPI = "meta-twinroot/wic/twinroot-raspberrypi4-64.wks.in";
    private static final String BOOT_CMD = "meta-twinroot/recipes-bsp/twinroot-boot/files/qemuarm64/boot.cmd";
    private static final String BOOT_CMD_RPI = "meta-twinroot/recipes-bsp/twinroot-boot/files/raspberrypi4-64/boot.cmd";
    private static final String FSTAB = "meta-twinroot/recipes-core/base-files/files/fstab";
    private static final String CONFIG_FILES = "meta-twinroot/recipes-twinroot/twinroot-config/files/";
    private static final String SYSTEM_JSON = CONFIG_FILES + "qemuarm64/system.json.in";
    private static final String SYSTEM_JSON_RPI = CONFIG_FILES + "raspberrypi4-64/system.json.in";
    private static final String DISKID_PLUGIN = "meta-twinroot/scripts/lib/wic/plugins/source/twinroot-mbr-diskid.py";

    @TempDir
    Path dir;

    static Stream<Arguments> mutations() {
        return Stream.of(
                edit("layer-conf", LAYER_CONF, "LAYERSERIES_COMPAT_twinroot = \"scarthgap\"",
                        "LAYERSERIES_COMPAT_twinroot = \"kirkstone\""),
                edit("layer-conf", LAYER_CONF, "\"core meta-openjdk-temurin\"", "\"core\""),
                edit("layer-conf", LAYER_CONF, "BBFILE_PRIORITY_twinroot = \"8\"", "BBFILE_PRIORITY_twinroot = \"high\""),
                edit("old-override-syntax", SUPERVISOR_BB, "RDEPENDS:${PN} =", "RDEPENDS_${PN} ="),
                edit("old-override-syntax", IMAGE, "IMAGE_INSTALL:append", "IMAGE_INSTALL_append"),
                edit("old-override-syntax", IMAGE, "IMAGE_BOOT_FILES:remove:raspberrypi4-64",
                        "IMAGE_BOOT_FILES_remove_raspberrypi4-64"),
                edit("unbalanced-quotes", SUPERVISOR_BB, "LICENSE = \"CLOSED\"", "LICENSE = \"CLOSED"),
                edit("unquoted-value", SUPERVISOR_BB, "LICENSE = \"CLOSED\"", "LICENSE = CLOSED"),
                edit("unbalanced-braces", SUPERVISOR_BB, "S = \"${WORKDIR}\"", "S = \"${WORKDIR\""),
                edit("unparsed-line", SUPERVISOR_BB, "inherit systemd", "inherits systemd"),
                edit("unterminated-function", SUPERVISOR_BB, "\n}\n", "\n"),
                edit("statement-in-conf", DISTRO, "INIT_MANAGER = \"systemd\"", "inherit systemd"),
                delete("missing-file", UNIT),
                edit("jar-unpack", SUPERVISOR_BB, "file://twinroot-supervisor ", "file://twinroot-supervisor.jar "),
                delete("jar-not-ignored", SUPERVISOR_IGNORE),
                // the jar ignored, lib/ not: its jars would show up in git status and get committed
                edit("jar-not-ignored", SUPERVISOR_IGNORE, "/twinroot-supervisor/\n",
                        "/twinroot-supervisor/twinroot-supervisor.jar\n"),
                edit("jar-not-ignored", SUPERVISOR_IGNORE, "/twinroot-supervisor/\n",
                        "/twinroot-supervisor/\n!/twinroot-supervisor/\n"),
                // the recipe of the shaded jar: fetches and installs only the jar, not lib/
                edit("supervisor-install", SUPERVISOR_BB, "file://twinroot-supervisor ",
                        "file://twinroot-supervisor/twinroot-supervisor.jar;unpack=0 "),
                edit("supervisor-install", SUPERVISOR_BB, "    install -m 0644 ${WORKDIR}/twinroot-supervisor/lib/*.jar"
                        + " ${D}${libdir}/twinroot/lib/\n", ""),
                edit("supervisor-install", SUPERVISOR_BB, "/lib/*.jar ${D}${libdir}/twinroot/lib/",
                        "/lib/*.jar ${D}${libdir}/twinroot/"),
                edit("supervisor-install", SUPERVISOR_BB, "install -d ${D}${libdir}/twinroot/lib\n",
                        "install -d ${D}${libdir}/twinroot\n"),
                edit("supervisor-install", SUPERVISOR_BB, "${D}${libdir}/twinroot/twinroot-supervisor.jar",
                        "${D}${libdir}/twinroot/lib/twinroot-supervisor.jar"),
                edit("supervisor-install", SUPERVISOR_BB, "/lib/*.jar ${D}${libdir}/twinroot/lib/",
                        "/lib/*.jar && true ${D}${libdir}/twinroot/lib/"),
                edit("supervisor-files", SUPERVISOR_BB, " ${libdir}/twinroot/lib/*.jar \\\n", " \\\n"),
                edit("supervisor-files", SUPERVISOR_BB, " ${libdir}/twinroot/lib/*.jar ", " ${libdir}/twinroot/lib/*.so "),
                edit("supervisor-files", SUPERVISOR_BB, "${libdir}/twinroot/twinroot-supervisor.jar ${libdir}",
                        "${libdir}"),
                delete("missing-file", BOOT_CMD),
                // a directory: file://NAME/ needs files below it (unless git-ignored, like the supervisor's)
                edit("missing-file", SUPERVISOR_BB, "file://twinroot-supervisor.service ",
                        "file://twinroot-supervisor.service file://units/ "),
                rename("supervisor-pv", SUPERVISOR_BB, SUPERVISOR + "twinroot-supervisor_0.2.0.bb"),
                edit("service-unit", SUPERVISOR_BB, "SYSTEMD_SERVICE:${PN} = \"twinroot-supervisor.service\"",
                        "SYSTEMD_SERVICE:${PN} = \"twinroot-agent.service\""),
                edit("service-unit", SUPERVISOR_BB, "install -m 0644 ${WORKDIR}/twinroot-supervisor.service", "true"),
                edit("wks-size", WKS_QEMU, "--part-name rootfs-a --part-type 0FC63DAF-8483-4772-8E79-3D69D8477DE4"
                        + " --align 1024 --fixed-size 640M", "--part-name rootfs-a --part-type "
                        + "0FC63DAF-8483-4772-8E79-3D69D8477DE4 --align 1024 --fixed-size 600M"),
                edit("wks-label", WKS_QEMU, "--part-name rootfs-b", "--part-name rootfs-x"),
                edit("wks-table", WKS_RPI, "--ptable msdos", "--ptable gpt"),
                edit("wks-type", WKS_RPI, "--label boot --system-id 0x0c", "--label boot --system-id 0x83"),
                edit("wks-active", WKS_RPI, "0x0c --active", "0x0c"),
                edit("wks-slot", WKS_QEMU, "--source rawcopy", "--source rootfs"),
                edit("boot-script-slot", BOOT_CMD, "setenv tr_part 2;", "setenv tr_part 3;"),
                edit("boot-script-slot", BOOT_CMD, "root=PARTLABEL=rootfs-b ", "root=PARTLABEL=rootfs-a "),
                edit("boot-script-slot", BOOT_CMD_RPI, "${devnum}:3 tr_partuuid", "${devnum}:2 tr_partuuid"),
                edit("boot-script-slot", BOOT_CMD_RPI, "root=PARTUUID=${tr_partuuid} ", "root=PARTLABEL=rootfs-a "),
                edit("fstab-mount", FSTAB, "LABEL=data ", "LABEL=rootfs-b "),
                edit("fstab-mount", FSTAB, "auto    ro ", "auto    rw "),
                edit("system-json", SYSTEM_JSON, "\"rootfs-a\"", "\"rootfs-b\""),
                edit("system-json", SYSTEM_JSON, "\"/mnt/boot\"", "\"/boot\""),
                // GPT: the slots follow the wks's partition names (the wks is also wrong, but system.json says so too)
                edit("system-json", WKS_QEMU, "--part-name rootfs-b", "--part-name rootfs-x"),
                edit("system-json", SYSTEM_JSON, "\"partlabel\" : \"rootfs-b\"", "\"partuuid\" : \"@TWINROOT_MBR_DISKID@-03\""),
                delete("missing-file", SYSTEM_JSON_RPI),
                // MBR: slots by PARTUUID, the disk id placeholder and the partition the boot script boots
                edit("system-json", SYSTEM_JSON_RPI, "\"@TWINROOT_MBR_DISKID@-02\"", "\"@TWINROOT_MBR_DISKID@-03\""),
                edit("system-json", SYSTEM_JSON_RPI, "\"@TWINROOT_MBR_DISKID@-03\"", "\"b1792fd9-03\""),
                edit("system-json", SYSTEM_JSON_RPI, "\"partuuid\" : \"@TWINROOT_MBR_DISKID@-02\"",
                        "\"partlabel\" : \"rootfs-a\""),
                edit("system-json", SYSTEM_JSON_RPI, "\"@TWINROOT_MBR_DISKID@-02\"",
                        "\"@TWINROOT_MBR_DISKID@-02\", \"partlabel\" : \"rootfs-a\""),
                edit("system-json", BOOT_CMD_RPI, "setenv tr_part 3;", "setenv tr_part 4;"),
                edit("wks-diskid", WKS_RPI, "bootloader --ptable msdos --source twinroot-mbr-diskid",
                        "bootloader --ptable msdos"),
                edit("wks-diskid", WKS_QEMU, "bootloader --ptable gpt", "bootloader --ptable gpt --source twinroot-mbr-diskid"),
                edit("mbr-diskid", DISTRO, "TWINROOT_MBR_DISKID ?= \"b1792fd9\"", "TWINROOT_MBR_DISKID ?= \"0badcafe\""),
                edit("mbr-diskid", DISTRO, "TWINROOT_MBR_DISKID ?= \"b1792fd9\"", "TWINROOT_MBR_DISKID ?= \"0xB1792FD9\""),
                edit("mbr-diskid", DISTRO, "TWINROOT_MBR_DISKID ?= \"b1792fd9\"", "TWINROOT_MBR_DISKID = \"b1792fd9\""),
                edit("mbr-diskid", DISTRO, "TWINROOT_MBR_DISKID ?= \"b1792fd9\"",
                        "TWINROOT_MBR_DISKID:raspberrypi4-64 ?= \"b1792fd9\""),
                edit("mbr-diskid", CONFIG_BB, "-e 's/@TWINROOT_MBR_DISKID@/${TWINROOT_MBR_DISKID}/g' ", ""),
                edit("mbr-diskid", CONFIG_BB, "TWINROOT_KEYS_DIR TWINROOT_MBR_DISKID\"", "TWINROOT_KEYS_DIR\""),
                edit("mbr-diskid", IMAGE, "WICVARS:append = \" TWINROOT_MBR_DISKID\"", "WICVARS:append = \"\""),
                delete("mbr-diskid", DISKID_PLUGIN),
                edit("mbr-diskid", DISKID_PLUGIN, "get_bitbake_var(\"TWINROOT_MBR_DISKID\")",
                        "get_bitbake_var(\"TWINROOT_DISKID\")"),
                edit("image-size", IMAGE, "IMAGE_ROOTFS_SIZE = \"655360\"", "IMAGE_ROOTFS_SIZE = \"600000\""),
                edit("image-boot-files", IMAGE, "boot-state-1.env boot-state-2.env\"\n# meta-raspberrypi",
                        "boot-state-1.env\"\n# meta-raspberrypi"),
                edit("image-recipe", IMAGE, "IMAGE_FEATURES += \"read-only-rootfs\"", "IMAGE_FEATURES += \"\""),
                edit("image-recipe", IMAGE, "EXTRA_IMAGECMD:ext4 = \"-L rootfs-a\"", "EXTRA_IMAGECMD:ext4 = \"\""),
                edit("image-initramfs", IMAGE, "${IMAGE_ROOTFS}/boot/initrd.img", "${IMAGE_ROOTFS}/boot/initrd"),
                edit("compatible", DISTRO, "\"twinroot-qemu-arm64\"", "\"twinroot-qemuarm64\""),
                edit("supervisor-unit", UNIT, "/usr/lib/twinroot/twinroot-supervisor.jar", "/opt/supervisor.jar"),
                // -cp reads no manifest Class-Path: the libraries in lib/ would not be found
                edit("supervisor-unit", UNIT, "-jar /usr/lib/twinroot/twinroot-supervisor.jar daemon",
                        "-cp /usr/lib/twinroot/twinroot-supervisor.jar dev.twinroot.supervisor.cli.TwinrootCtl daemon"),
                edit("supervisor-unit", UNIT, "RequiresMountsFor=/mnt/boot /data", "RequiresMountsFor=/mnt/boot"),
                edit("mount-point", CONFIG_BB, "install -d ${D}/mnt/boot ${D}/data", "install -d ${D}/data"),
                edit("kas-pin", "kas/twinroot-common.yml", "commit: 1d54d1c4736a114e1cecbe85a0306e3814d5ce70",
                        "commit: 1d54d1c"),
                edit("kas", "kas/twinroot-raspberrypi4-64.yml", "machine: raspberrypi4-64", "machine: raspberrypi4"),
                edit("derived-drift", FSTAB, "defaults,noatime", "defaults"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("mutations")
    void brokenLayerGivesFinding(String rule, String file, Mutation mutation) throws IOException {
        Path module = TestLayer.copy(dir);
        mutation.apply(module, file);
        List<Finding> findings = new LayerChecker(module, TestLayer.pomVersion()).check();
        assertTrue(findings.stream().anyMatch(f -> f.rule().equals(rule)),
                "expected a '" + rule + "' finding, got:\n" + String.join("\n", findings.stream()
                        .map(Finding::toString).toList()));
    }

    interface Mutation {
        void apply(Path module, String file) throws IOException;
    }

    private static Arguments edit(String rule, String file, String from, String to) {
        Mutation m = (module, f) -> {
            Path p = module.resolve(f);
            String text = Files.readString(p, StandardCharsets.UTF_8);
            if (!text.contains(from)) {
                throw new IllegalStateException(f + " does not contain the text to change: " + from);
            }
            Files.writeString(p, text.replace(from, to), StandardCharsets.UTF_8);
        };
        return Arguments.of(rule, file, m);
    }

    private static Arguments delete(String rule, String file) {
        Mutation m = (module, f) -> Files.delete(module.resolve(f));
        return Arguments.of(rule, file, m);
    }

    private static Arguments rename(String rule, String file, String to) {
        Mutation m = (module, f) -> Files.move(module.resolve(f), module.resolve(to));
        return Arguments.of(rule, file, m);
    }
}
