package dev.twinroot.updater.bootcontrol.uboot;

import java.util.Map;

/**
 * One copy of the boot state that passed the checks a bootloader can make: exact size, CRC, layout and a
 * {@code BOOT_SEQ}.
 *
 * @param index 0 for the first file of {@code BootContract.STATE_FILES}, 1 for the second
 * @param sequence its {@code BOOT_SEQ}: the copy with the larger one is the newer
 * @param variables every variable it holds, {@code BOOT_SEQ} included
 */
public record StoredCopy(int index, long sequence, Map<String, String> variables) {

    public StoredCopy {
        variables = Map.copyOf(variables);
    }
}
