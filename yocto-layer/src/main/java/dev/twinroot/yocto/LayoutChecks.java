package dev.twinroot.yocto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.image.build.ImageLayout;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Checks that the layer's committed wks files, boot scripts, fstab and system.json say what the Java layout and
 * boot contract say. They read the committed files back, independently of
 * the generator, so a generator bug shows here too.
 */
final class LayoutChecks {
    static final String CONFIG_RECIPE = "recipes-twinroot/twinroot-config/twinroot-config_1.0.bb";
    private static final long MIB = 1L << 20;

    private final LayerFiles layer;
    private final List<Finding> findings;

    LayoutChecks(LayerFiles layer, List<Finding> findings) {
        this.layer = layer;
        this.findings = findings;
    }

    void wks(LayerMachine machine) throws IOException {
        String file = DerivedFiles.wks(machine);
        Optional<String> text = layer.text(file);
        if (text.isEmpty()) {
            return;
        }
        LayoutSpec spec = ImageLayout.partitionTable(machine.imageConfig());
        boolean gpt = spec.table().equals("gpt");
        String ptable = Wks.ptable(text.get()).orElse("none");
        if (!ptable.equals(gpt ? "gpt" : "msdos")) {
            findings.add(new Finding(file, 0, "wks-table", "expected bootloader --ptable " + (gpt ? "gpt" : "msdos")
                    + " (the layout's " + spec.table() + "), found " + ptable));
        }
        List<Wks.Part> parts = Wks.parts(file, text.get(), findings);
        if (parts.size() != spec.partitions().size()) {
            findings.add(new Finding(file, 0, "wks-partitions", "expected " + spec.partitions().size()
                    + " partitions, found " + parts.size()));
            return;
        }
        for (Partition p : Partition.values()) {
            Wks.Part part = parts.get(p.number() - 1);
            LayoutSpec.PartitionSpec want = spec.partitions().get(p.number() - 1);
            String where = "partition " + p.number();
            if (gpt && !part.partName().equals(Optional.of(p.label()))) {
                findings.add(new Finding(file, part.line(), "wks-label", where + ": expected --part-name " + p.label()
                        + ", found " + part.partName().orElse("none")));
            }
            if ((p == Partition.BOOT || p == Partition.DATA) && !part.label().equals(p.label())) {
                findings.add(new Finding(file, part.line(), "wks-label", where + ": expected --label " + p.label()
                        + " (fstab mounts it by label), found '" + part.label() + "'"));
            }
            long mib = Long.parseLong(want.size()) / MIB;
            if (part.fixedSizeMiB() != mib) {
                findings.add(new Finding(file, part.line(), "wks-size", where + " (" + p.label() + "): expected "
                        + mib + " MiB, found " + part.fixedSizeMiB()));
            }
            boolean bootable = Boolean.TRUE.equals(want.bootable())
                    || (want.attributes() != null && want.attributes().contains("legacy-bios-bootable"));
            if (part.active() != bootable) {
                findings.add(new Finding(file, part.line(), "wks-active", where + ": expected --active " + bootable));
            }
            String type = gpt ? part.partType().orElse("none") : part.systemId().orElse("none");
            String wantType = gpt ? (want.type().equals("efi") ? Wks.ESP_GUID : Wks.LINUX_GUID)
                    : (want.type().equals("fat32") ? "0x0c" : "0x83");
            if (!type.equalsIgnoreCase(wantType)) {
                findings.add(new Finding(file, part.line(), "wks-type", where + ": expected partition type "
                        + wantType + " (layout type " + want.type() + "), found " + type));
            }
        }
        Wks.Part slotA = parts.get(Slot.A.partition().number() - 1);
        if (!slotA.source().equals(Optional.of("rawcopy")) || !text.get().contains("file=" + Wks.SLOT_IMAGE)) {
            findings.add(new Finding(file, slotA.line(), "wks-slot", "slot A must be the image's ext4 copied as is"
                    + " (--source rawcopy, file=" + Wks.SLOT_IMAGE + "), so the disk and the bundle hold the same bytes"));
        }
    }

    private static boolean mbr(LayerMachine machine) {
        return ImageLayout.partitionTable(machine.imageConfig()).table().equals("mbr");
    }

    /**
     * The boot script boots slot X from the partition the layout gives X, with root=PARTLABEL of its label (GPT) or
     * the PARTUUID U-Boot reads for that partition (MBR).
     */
    void bootScript(LayerMachine machine) throws IOException {
        String file = DerivedFiles.bootScript(machine);
        Optional<String> text = layer.text(file);
        if (text.isEmpty()) {
            return;
        }
        for (Slot slot : Slot.values()) {
            String marker = "if test \"${tr_slot}\" = " + slot.name() + ";";
            Optional<String> line = text.get().lines().filter(l -> l.startsWith(marker) && l.contains("tr_part"))
                    .findFirst();
            if (line.isEmpty()) {
                findings.add(new Finding(file, 0, "boot-script-slot", "no line selects slot " + slot
                        + " (expected one starting with '" + marker + "' setting tr_part)"));
                continue;
            }
            String l = line.get();
            int at = l.indexOf("setenv tr_part ");
            String part = at < 0 ? "" : l.substring(at + "setenv tr_part ".length()).split("[;\\s]", 2)[0];
            if (!part.equals(Integer.toString(slot.partition().number()))) {
                findings.add(new Finding(file, 0, "boot-script-slot", "slot " + slot + ": expected partition "
                        + slot.partition().number() + " (" + slot.partition().label() + "), found '" + part + "'"));
            }
            if (mbr(machine)) {
                // An MBR has no partition names: the root is the slot partition's PARTUUID, read at boot.
                String partUuid = "part uuid ${devtype} ${devnum}:" + slot.partition().number() + " tr_partuuid;";
                if (!l.contains(partUuid) || !l.contains("root=PARTUUID=${tr_partuuid} ")) {
                    findings.add(new Finding(file, 0, "boot-script-slot", "slot " + slot + ": on an MBR disk expected '"
                            + partUuid + "' and root=PARTUUID=${tr_partuuid} on the kernel command line"));
                }
            } else if (!l.contains("root=PARTLABEL=" + slot.partition().label() + " ")) {
                findings.add(new Finding(file, 0, "boot-script-slot", "slot " + slot + ": expected root=PARTLABEL="
                        + slot.partition().label() + " on the kernel command line"));
            }
            if (!l.contains(machine.imageConfig().kernelArguments())) {
                findings.add(new Finding(file, 0, "boot-script-console", "slot " + slot + ": expected the machine's"
                        + " kernel arguments '" + machine.imageConfig().kernelArguments() + "'"));
            }
        }
        String load = "load ${devtype} ${devnum}:" + Partition.BOOT.number() + " ";
        for (String state : BootContract.STATE_FILES) {
            if (text.get().lines().noneMatch(l -> l.contains(load) && l.contains(" " + state + " "))) {
                findings.add(new Finding(file, 0, "boot-script-state", "expected the script to load " + state
                        + " from partition " + Partition.BOOT.number()));
            }
        }
    }

    void fstab() throws IOException {
        Optional<String> text = layer.text(DerivedFiles.FSTAB);
        if (text.isEmpty()) {
            return;
        }
        List<Fstab.Entry> entries = Fstab.parse(DerivedFiles.FSTAB, text.get(), findings);
        expectMount(entries, "/", "/dev/root", Optional.empty(), "ro");
        expectMount(entries, ImageLayout.BOOT_MOUNT, "LABEL=" + Partition.BOOT.label(), Optional.of("vfat"), "");
        expectMount(entries, ImageLayout.DATA_DIR, "LABEL=" + Partition.DATA.label(), Optional.of("ext4"), "");
        for (Fstab.Entry e : entries) {
            for (Partition p : List.of(Partition.ROOTFS_A, Partition.ROOTFS_B)) {
                if (e.device().endsWith("=" + p.label())) {
                    findings.add(new Finding(DerivedFiles.FSTAB, e.line(), "fstab-slot", "a slot is never mounted"
                            + " from fstab: the kernel mounts the booted one read-only, the other stays untouched"));
                }
            }
        }
        // The mount points must exist in the read-only root.
        Optional<RecipeSyntax.Function> install = Optional.ofNullable(layer.metadata().get(CONFIG_RECIPE))
                .flatMap(r -> r.function("do_install"));
        for (String dir : List.of(ImageLayout.BOOT_MOUNT, ImageLayout.DATA_DIR)) {
            boolean made = install.map(f -> f.body().stream().anyMatch(l -> l.contains("install -d")
                    && l.contains("${D}" + dir))).orElse(false);
            if (!made) {
                findings.add(new Finding(CONFIG_RECIPE, 0, "mount-point", "do_install must create ${D}" + dir
                        + " (fstab mounts there and the root is read-only)"));
            }
        }
    }

    private void expectMount(List<Fstab.Entry> entries, String mount, String device, Optional<String> type,
                             String option) {
        Optional<Fstab.Entry> e = entries.stream().filter(x -> x.mountPoint().equals(mount)).findFirst();
        if (e.isEmpty()) {
            findings.add(new Finding(DerivedFiles.FSTAB, 0, "fstab-mount", "expected an entry for " + mount));
            return;
        }
        Fstab.Entry x = e.get();
        if (!x.device().equals(device) || type.filter(t -> !t.equals(x.type())).isPresent()
                || (!option.isEmpty() && !List.of(x.options().split(",")).contains(option))) {
            findings.add(new Finding(DerivedFiles.FSTAB, x.line(), "fstab-mount", mount + ": expected " + device
                    + type.map(t -> " " + t).orElse("") + (option.isEmpty() ? "" : " with option " + option)
                    + ", found " + x.device() + " " + x.type() + " " + x.options()));
        }
    }

    void systemJson() throws IOException {
        String file = DerivedFiles.systemJson();
        Optional<String> text = layer.text(file);
        if (text.isEmpty()) {
            return;
        }
        JsonNode json;
        try {
            json = new ObjectMapper().readTree(text.get());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            findings.add(new Finding(file, e.getLocation() == null ? 0 : e.getLocation().getLineNr(), "system-json",
                    "not valid JSON: " + e.getOriginalMessage()));
            return;
        }
        for (Slot slot : Slot.values()) {
            expectJson(file, json, "/slots/" + slot.name() + "/partlabel", slot.partition().label());
        }
        expectJson(file, json, "/bootControl/path", ImageLayout.BOOT_MOUNT);
        expectJson(file, json, "/bootControl/backend", "u-boot");
        expectJson(file, json, "/keyring", ImageLayout.KEYRING);
        expectJson(file, json, "/dataDir", ImageLayout.DATA_DIR);
        expectJson(file, json, "/compatible", LayerMachine.COMPATIBLE_PLACEHOLDER);
    }

    private void expectJson(String file, JsonNode json, String pointer, String expected) {
        JsonNode node = json.at(pointer);
        if (!node.isTextual() || !node.asText().equals(expected)) {
            findings.add(new Finding(file, 0, "system-json", pointer + ": expected \"" + expected + "\", found "
                    + (node.isMissingNode() ? "nothing" : node.toString())));
        }
    }
}
