package dev.twinroot.yocto;

import dev.twinroot.partitioner.layout.LayoutSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The wic kickstart of a machine, written from the partition table {@code twinroot image build} uses (the
 * same labels in the same order, the same sizes, table type, partition types and boot flag). Slot A is the
 * image's ext4 copied byte for byte ({@code rawcopy}), so the disk's slot and the bundle's payload are the
 * same bytes; slot B is left empty, as {@code slotB: empty} does; data is an empty ext4.
 */
final class Wks {
    static final String ESP_GUID = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    static final String LINUX_GUID = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";
    static final String SLOT_IMAGE = "${IMGDEPLOYDIR}/${IMAGE_NAME}.ext4";
    private static final long MIB = 1L << 20;

    /** One {@code part} line as the checker reads it back. */
    record Part(int line, String label, Optional<String> partName, String fstype, long fixedSizeMiB,
                Optional<String> partType, Optional<String> systemId, boolean active, Optional<String> source) {
    }

    private Wks() {
    }

    static String render(LayerMachine machine, LayoutSpec layout) {
        boolean gpt = layout.table().equals("gpt");
        StringBuilder s = new StringBuilder();
        s.append("# wic layout of meta-twinroot for MACHINE ").append(machine.yoctoName())
                .append(", generated from dev.twinroot.image.build.ImageLayout\n");
        s.append("# (the partition table of `twinroot image build` for ").append(machine.imageConfig().machine())
                .append("): do not edit; see docs/yocto.md to regenerate.\n");
        if (!gpt) {
            // wic of scarthgap has no option for the MBR's disk identifier (it draws one from SOURCE_DATE_EPOCH);
            // the layer's plugin writes TWINROOT_MBR_DISKID, which system.json's PARTUUIDs are made of.
            s.append("# The disk identifier is TWINROOT_MBR_DISKID, written by the plugin ")
                    .append(LayerMachine.MBR_DISKID_PLUGIN).append(" (scripts/lib/wic/plugins/source/).\n");
        }
        s.append("bootloader --ptable ").append(gpt ? "gpt" : "msdos");
        if (!gpt) {
            s.append(" --source ").append(LayerMachine.MBR_DISKID_PLUGIN);
        }
        s.append('\n');
        for (LayoutSpec.PartitionSpec p : layout.partitions()) {
            s.append("part");
            String label = p.label();
            switch (label) {
                case "boot" -> s.append(" --source bootimg-partition --fstype=vfat --label ").append(label);
                case "rootfs-a" -> s.append(" --source rawcopy --sourceparams=\"file=").append(SLOT_IMAGE)
                        .append("\" --fstype=ext4");
                case "rootfs-b" -> s.append(" --fstype=none");
                default -> s.append(" --fstype=ext4 --label ").append(label);
            }
            if (gpt) {
                s.append(" --part-name ").append(label);
                s.append(" --part-type ").append(p.type().equals("efi") ? ESP_GUID : LINUX_GUID);
            } else {
                s.append(" --system-id ").append(p.type().equals("fat32") ? "0x0c" : "0x83");
            }
            boolean legacyBoot = p.attributes() != null && p.attributes().contains("legacy-bios-bootable");
            if (legacyBoot || Boolean.TRUE.equals(p.bootable())) {
                s.append(" --active");
            }
            s.append(" --align 1024 --fixed-size ").append(Long.parseLong(p.size()) / MIB).append("M\n");
        }
        return s.toString();
    }

    /** The {@code bootloader --ptable} value of a wks file, if it has one. */
    static Optional<String> ptable(String text) {
        return bootloaderOption(text, "--ptable");
    }

    /** The {@code bootloader --source} plugin of a wks file, if it names one. */
    static Optional<String> bootloaderSource(String text) {
        return bootloaderOption(text, "--source");
    }

    private static Optional<String> bootloaderOption(String text, String name) {
        for (String line : text.split("\n")) {
            List<String> words = words(line);
            if (!words.isEmpty() && words.get(0).equals("bootloader")) {
                return option(words, name);
            }
        }
        return Optional.empty();
    }

    /** The {@code part} lines in order; one without a whole-MiB {@code --fixed-size} also gives a finding. */
    static List<Part> parts(String file, String text, List<Finding> findings) {
        List<Part> parts = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            List<String> words = words(lines[n]);
            if (words.isEmpty() || !words.get(0).equals("part")) {
                continue;
            }
            Optional<String> size = option(words, "--fixed-size");
            long mib = -1;
            if (size.isPresent() && size.get().matches("[0-9]{1,9}M")) {
                mib = Long.parseLong(size.get().substring(0, size.get().length() - 1));
            } else {
                findings.add(new Finding(file, n + 1, "wks-size", "expected --fixed-size <N>M (whole MiB), found "
                        + size.map(v -> "'" + v + "'").orElse("none")));
            }
            Optional<String> name = option(words, "--part-name");
            String label = option(words, "--label").or(() -> name).orElse("");
            parts.add(new Part(n + 1, label, name, option(words, "--fstype").orElse("vfat"), mib,
                    option(words, "--part-type"), option(words, "--system-id"), words.contains("--active"),
                    option(words, "--source")));
        }
        return parts;
    }

    private static Optional<String> option(List<String> words, String name) {
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals(name) && i + 1 < words.size()) {
                return Optional.of(words.get(i + 1));
            }
            if (w.startsWith(name + "=")) {
                return Optional.of(w.substring(name.length() + 1));
            }
        }
        return Optional.empty();
    }

    private static List<String> words(String line) {
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
            return List.of();
        }
        return List.of(t.split("\\s+"));
    }
}
