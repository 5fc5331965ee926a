package dev.twinroot.yocto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.twinroot.image.build.ImageLayout;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        Optional<String> source = Wks.bootloaderSource(text.get());
        Optional<String> wantSource = gpt ? Optional.empty() : Optional.of(LayerMachine.MBR_DISKID_PLUGIN);
        if (!source.equals(wantSource)) {
            findings.add(new Finding(file, 0, "wks-diskid", gpt
                    ? "a GPT disk needs no bootloader --source, found " + source.orElse("")
                    : "expected bootloader --source " + LayerMachine.MBR_DISKID_PLUGIN + " (it writes "
                    + LayerMachine.MBR_DISKID_VARIABLE + " into the MBR, which system.json's PARTUUIDs name), found "
                    + source.orElse("none")));
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
            Optional<String> line = slotLine(text.get(), slot);
            if (line.isEmpty()) {
                findings.add(new Finding(file, 0, "boot-script-slot", "no line selects slot " + slot
                        + " (expected one starting with '" + slotMarker(slot) + "' setting tr_part)"));
                continue;
            }
            String l = line.get();
            String part = bootPartition(l);
            if (!part.equals(Integer.toString(slot.partition().number()))) {
                findings.add(new Finding(file, 0, "boot-script-slot", "slot " + slot + ": expected partition "
                        + slot.partition().number() + " (" + slot.partition().label() + "), found '" + part + "'"));
            }
            if (machine.mbr()) {
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

    private static String slotMarker(Slot slot) {
        return "if test \"${tr_slot}\" = " + slot.name() + ";";
    }

    /** The boot script's line that boots {@code slot}. */
    private static Optional<String> slotLine(String script, Slot slot) {
        return script.lines().filter(l -> l.startsWith(slotMarker(slot)) && l.contains("tr_part")).findFirst();
    }

    /** What a slot line sets {@code tr_part} to: the partition the kernel and the initramfs are loaded from. */
    private static String bootPartition(String slotLine) {
        int at = slotLine.indexOf("setenv tr_part ");
        return at < 0 ? "" : slotLine.substring(at + "setenv tr_part ".length()).split("[;\\s]", 2)[0];
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

    /**
     * The slots of the machine's system.json are the partitions the wks and the boot script give them: on GPT by
     * the wks's partition names, on MBR by PARTUUID, the TWINROOT_MBR_DISKID placeholder and the number of the
     * partition the boot script boots the slot from.
     */
    void systemJson(LayerMachine machine) throws IOException {
        String file = DerivedFiles.systemJson(machine);
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
        if (json == null || !json.isObject()) {
            findings.add(new Finding(file, 0, "system-json", "expected a JSON object"));
            return;
        }
        if (machine.mbr()) {
            mbrSlots(machine, file, json);
        } else {
            gptSlots(machine, file, json);
        }
        expectJson(file, json, "/bootControl/path", ImageLayout.BOOT_MOUNT);
        expectJson(file, json, "/bootControl/backend", "u-boot");
        expectJson(file, json, "/keyring", ImageLayout.KEYRING);
        expectJson(file, json, "/dataDir", ImageLayout.DATA_DIR);
        expectJson(file, json, "/compatible", LayerMachine.COMPATIBLE_PLACEHOLDER);
    }

    private void gptSlots(LayerMachine machine, String file, JsonNode json) throws IOException {
        Optional<String> wks = layer.text(DerivedFiles.wks(machine));
        List<Wks.Part> parts = wks.map(t -> Wks.parts(DerivedFiles.wks(machine), t, new ArrayList<>()))
                .orElse(List.of());
        for (Slot slot : Slot.values()) {
            String where = "/slots/" + slot.name();
            expectOnlyField(file, json, where, "partlabel");
            expectJson(file, json, where + "/partlabel", slot.partition().label());
            int index = slot.partition().number() - 1;
            Optional<String> name = index < parts.size() ? parts.get(index).partName() : Optional.empty();
            String found = json.at(where + "/partlabel").asText();
            if (name.isPresent() && !name.get().equals(found)) {
                findings.add(new Finding(file, 0, "system-json", where + "/partlabel: \"" + found + "\" is not"
                        + " the wks's --part-name of partition " + slot.partition().number() + " (" + name.get() + ")"));
            }
        }
    }

    private void mbrSlots(LayerMachine machine, String file, JsonNode json) throws IOException {
        Optional<String> script = layer.text(DerivedFiles.bootScript(machine));
        for (Slot slot : Slot.values()) {
            String where = "/slots/" + slot.name();
            expectOnlyField(file, json, where, "partuuid");
            int number = slot.partition().number();
            expectJson(file, json, where + "/partuuid", partUuid(number));
            Optional<String> booted = script.flatMap(t -> slotLine(t, slot)).map(LayoutChecks::bootPartition)
                    .filter(p -> p.matches("[0-9]{1,3}"));
            String found = json.at(where + "/partuuid").asText();
            if (booted.isPresent() && !found.equals(partUuid(Integer.parseInt(booted.get())))) {
                findings.add(new Finding(file, 0, "system-json", where + "/partuuid: \"" + found + "\" is not the"
                        + " partition the boot script boots slot " + slot + " from (" + partUuid(
                        Integer.parseInt(booted.get())) + ")"));
            }
        }
    }

    /** A slot's PARTUUID in the template: the disk identifier placeholder and the partition number in hex. */
    static String partUuid(int partitionNumber) {
        return LayerMachine.MBR_DISKID_PLACEHOLDER + "-" + String.format(Locale.ROOT, "%02x",
                partitionNumber);
    }

    private void expectOnlyField(String file, JsonNode json, String pointer, String field) {
        JsonNode slot = json.at(pointer);
        List<String> names = new ArrayList<>();
        slot.fieldNames().forEachRemaining(names::add);
        if (!names.equals(List.of(field))) {
            findings.add(new Finding(file, 0, "system-json", pointer + ": expected exactly the field " + field
                    + ", found " + names));
        }
    }

    private void expectJson(String file, JsonNode json, String pointer, String expected) {
        JsonNode node = json.at(pointer);
        if (!node.isTextual() || !node.asText().equals(expected)) {
            findings.add(new Finding(file, 0, "system-json", pointer + ": expected \"" + expected + "\", found "
                    + (node.isMissingNode() ? "nothing" : node.toString())));
        }
    }
}
