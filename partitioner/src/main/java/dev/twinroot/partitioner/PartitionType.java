package dev.twinroot.partitioner;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Partition types by short alias, with their GPT type GUID and DOS type byte where one exists. The
 * aliases follow systemd-repart and sfdisk where those have one. For a Raspberry Pi boot partition on an MBR
 * disk use {@code fat32} (0x0c): {@code efi} maps to 0xef there, as sfdisk does.
 */
public enum PartitionType {
    EFI("efi", "EFI System", "C12A7328-F81F-11D2-BA4B-00A0C93EC93B", 0xEF),
    LINUX("linux", "Linux filesystem", "0FC63DAF-8483-4772-8E79-3D69D8477DE4", 0x83),
    ROOT_ARM64("root-arm64", "Linux root (ARM-64)", "B921B045-1DF0-41C3-AF44-4C6F280D3FAE", 0x83),
    ROOT_X86_64("root-x86-64", "Linux root (x86-64)", "4F68BCE3-E8CD-4DB1-96E7-FBCAF984B709", 0x83),
    ROOT_ARM("root-arm", "Linux root (ARM)", "69DAD710-2CE4-4E3C-B16C-21A1D49ABED3", 0x83),
    ROOT_X86("root-x86", "Linux root (x86)", "44479540-F297-41B2-9AF7-D131D5F0458A", 0x83),
    SWAP("swap", "Linux swap", "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F", 0x82),
    HOME("home", "Linux home", "933AC7E1-2EB4-4F13-B844-0E14E2AEF915", -1),
    SRV("srv", "Linux server data", "3B8F8425-20E0-4F3B-907F-1A25A76F98E8", -1),
    VAR("var", "Linux variable data", "4D21B016-B534-45C2-A9FB-5C16E091FD2D", -1),
    XBOOTLDR("xbootldr", "Linux extended boot", "BC13C2FF-59E6-4262-A352-B275FD6F7172", 0xEA),
    LVM("lvm", "Linux LVM", "E6D6D379-F507-44C2-A23C-238F2A3DF928", 0x8E),
    RAID("raid", "Linux RAID", "A19D880F-05FC-4D3B-A006-743F0F84911E", 0xFD),
    BIOS_BOOT("bios-boot", "BIOS boot", "21686148-6449-6E6F-744E-656564454649", -1),
    BASIC_DATA("basic-data", "Microsoft basic data", "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", 0x07),
    FAT32("fat32", "W95 FAT32 (LBA)", "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", 0x0C),
    FAT16("fat16", "W95 FAT16 (LBA)", "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7", 0x0E);

    private final String alias;
    private final String description;
    private final UUID gptGuid;
    private final int mbrType;

    PartitionType(String alias, String description, String gptGuid, int mbrType) {
        this.alias = alias;
        this.description = description;
        this.gptGuid = UUID.fromString(gptGuid);
        this.mbrType = mbrType;
    }

    public String alias() {
        return alias;
    }

    public String description() {
        return description;
    }

    public UUID gptGuid() {
        return gptGuid;
    }

    public OptionalInt mbrType() {
        return mbrType < 0 ? OptionalInt.empty() : OptionalInt.of(mbrType);
    }

    public static Optional<PartitionType> byAlias(String alias) {
        String a = alias.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.alias.equals(a)).findFirst();
    }

    /** The first type with this GUID (so basic data, not fat32, for EBD0A0A2-...). */
    public static Optional<PartitionType> byGptGuid(UUID guid) {
        return Arrays.stream(values()).filter(t -> t.gptGuid.equals(guid)).findFirst();
    }

    /** The first type with this DOS byte (so linux, not a root type, for 0x83). */
    public static Optional<PartitionType> byMbrType(int type) {
        return Arrays.stream(values()).filter(t -> t.mbrType == type).findFirst();
    }

    public static String aliases() {
        return Arrays.stream(values()).map(PartitionType::alias).collect(Collectors.joining(", "));
    }

    /** A GPT type from an alias or a literal GUID. */
    public static UUID parseGpt(String text) throws LayoutException {
        Optional<PartitionType> t = byAlias(text);
        if (t.isPresent()) {
            return t.get().gptGuid;
        }
        if (text.matches("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")) {
            return UUID.fromString(text);
        }
        throw new LayoutException("unknown partition type '" + text + "': expected a GUID or one of " + aliases());
    }

    /** A DOS type byte from an alias or hex ("0x83", "83"). */
    public static int parseMbr(String text) throws LayoutException {
        Optional<PartitionType> t = byAlias(text);
        if (t.isPresent()) {
            return t.get().mbrType().orElseThrow(() -> new LayoutException(
                    "partition type '" + text + "' has no MBR (DOS) type byte; give one in hex, e.g. \"0x83\""));
        }
        String hex = text.strip().toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        if (hex.matches("[0-9a-f]{1,2}") && Integer.parseInt(hex, 16) != 0) {
            return Integer.parseInt(hex, 16);
        }
        throw new LayoutException("unknown MBR partition type '" + text + "': expected a hex byte 0x01-0xff or one of " + aliases());
    }
}
