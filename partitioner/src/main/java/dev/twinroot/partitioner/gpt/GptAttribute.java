package dev.twinroot.partitioner.gpt;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Named partition attribute bits. Bits 0-2 are defined by UEFI for every partition; bits 48-63 depend on
 * the partition type, and the ones named here are those of the Discoverable Partitions Specification (Linux)
 * and Microsoft basic data, which share positions.
 */
public enum GptAttribute {
    REQUIRED(0, "required"),
    NO_BLOCK_IO(1, "no-block-io"),
    LEGACY_BIOS_BOOTABLE(2, "legacy-bios-bootable"),
    GROW_FS(59, "grow-fs"),
    READ_ONLY(60, "read-only"),
    HIDDEN(62, "hidden"),
    NO_AUTO(63, "no-auto");

    private final int bit;
    private final String alias;

    GptAttribute(int bit, String alias) {
        this.bit = bit;
        this.alias = alias;
    }

    public int bit() {
        return bit;
    }

    public String alias() {
        return alias;
    }

    public long mask() {
        return 1L << bit;
    }

    /** An attribute by alias ("required") or the bit number of any bit 0-63 ("48"). */
    public static Optional<Long> parseMask(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        for (GptAttribute a : values()) {
            if (a.alias.equals(t)) {
                return Optional.of(a.mask());
            }
        }
        if (t.matches("[0-9]{1,2}") && Integer.parseInt(t) < 64) {
            return Optional.of(1L << Integer.parseInt(t));
        }
        return Optional.empty();
    }

    /** Each set bit, by alias where it has one, else as its number. */
    public static List<String> describe(long attributes) {
        List<String> out = new ArrayList<>();
        for (int bit = 0; bit < 64; bit++) {
            if ((attributes & (1L << bit)) != 0) {
                int b = bit;
                out.add(java.util.Arrays.stream(values()).filter(a -> a.bit == b).map(a -> a.alias)
                        .findFirst().orElse(Integer.toString(bit)));
            }
        }
        return out;
    }
}
