package dev.twinroot.updater.bootcontrol.grub;

import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.BootStateStore;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.bootcontrol.NoBootStateException;
import dev.twinroot.updater.bootcontrol.StateFile;
import dev.twinroot.updater.contract.BootContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The GRUB backend: one {@code grubenv} block on the mounted ESP ({@link BootContract#GRUB_ENV_FILE}), rewritten
 * whole and in place, as GRUB's own {@code save_env} does (GRUB can only overwrite the sectors an existing file
 * already has; it cannot create or rename files). Variables outside the contract are kept.
 *
 * <p>Power cut: the contract's variables fit in the block's first 512-byte sector, and the second sector is
 * only padding that never changes, so a write changes one sector. That is atomic where the medium writes a
 * sector atomically (disks usually do; SD cards and eMMC promise nothing), and there is no second copy to fall
 * back to: an unreadable block makes GRUB boot from the defaults, as the U-Boot script does.
 */
public final class GrubStateStore implements BootStateStore {

    private final Path envFile;

    /** @param esp the directory where the EFI system partition is mounted */
    public GrubStateStore(Path esp) {
        this.envFile = esp.resolve(BootContract.GRUB_ENV_FILE);
    }

    @Override
    public BootState read() throws IOException {
        return BootStateVariables.fromVariables(readVariables().orElseGet(() -> BootStateVariables.toVariables(BootState.defaults())));
    }

    @Override
    public Change update(UnaryOperator<BootState> change) throws IOException {
        Optional<Map<String, String>> stored = readVariables();
        BootState before = BootStateVariables.fromVariables(
                stored.orElseGet(() -> BootStateVariables.toVariables(BootState.defaults())));
        BootState after = change.apply(before);
        Map<String, String> vars = new LinkedHashMap<>(stored.orElse(Map.of()));
        vars.putAll(BootStateVariables.toVariables(after));
        StateFile.overwrite(envFile, GrubEnvCodec.encode(vars));
        return new Change(before, after);
    }

    /** The stored variables; empty when the block is not valid, because GRUB then boots from the defaults. */
    private Optional<Map<String, String>> readVariables() throws IOException {
        byte[] block = StateFile.readIfExists(envFile, GrubEnvCodec.SIZE).orElseThrow(() -> new NoBootStateException(
                "no boot state: " + envFile + " does not exist (is the EFI system partition mounted there?)"));
        try {
            return Optional.of(GrubEnvCodec.decode(block));
        } catch (BootStateFormatException e) {
            return Optional.empty();
        }
    }
}
