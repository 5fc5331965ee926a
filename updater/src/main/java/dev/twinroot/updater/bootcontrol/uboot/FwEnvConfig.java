package dev.twinroot.updater.bootcontrol.uboot;

import dev.twinroot.updater.contract.BootContract;
import java.nio.file.Path;

/**
 * An {@code fw_env.config} for libubootenv's {@code fw_printenv}/{@code fw_setenv} naming ONE state copy: its
 * single-copy mode reads and writes exactly our layout (CRC, entries, NUL padding). Its redundant mode (two
 * lines) does not: it expects a flag byte after the CRC, which {@code env import -c} does not know, and
 * rejects our copies. So each copy gets its own configuration; see docs/boot.md for what that means.
 */
public final class FwEnvConfig {

    private FwEnvConfig() {
    }

    /**
     * The configuration for one copy.
     *
     * @param bootPartition where the boot partition is mounted on the device, e.g. {@code /boot}
     * @param copy 0 or 1, the index into {@link BootContract#STATE_FILES}
     */
    public static String forCopy(Path bootPartition, int copy) {
        Path file = bootPartition.resolve(BootContract.STATE_FILES.get(copy));
        if (file.toString().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("fw_env.config cannot name a path with whitespace: " + file);
        }
        return "# Twinroot boot state, copy " + (copy + 1) + " of " + BootContract.STATE_FILES.size()
                + ": the newer copy is the one with the larger BOOT_SEQ\n"
                + "# device offset size\n"
                + file + " 0x0 0x" + Integer.toHexString(BootContract.STATE_SIZE) + "\n";
    }
}
