package dev.twinroot.updater.bootcontrol.grub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.updater.bootcontrol.BootChooser;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import dev.twinroot.updater.bootcontrol.QemuMachine;
import dev.twinroot.updater.bootcontrol.TestDisk;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated grub.cfg in real GRUB (Debian's arm64 GRUB, built with {@link GrubEfiImage}) on UEFI firmware
 * (EDK2 from qemu-efi-aarch64): each boot's choice and the saved grubenv are compared with {@link BootChooser}.
 */
@Tag("qemu")
class GrubConfigQemuTest {

    private static final String CONFIG = new GrubConfig("console=ttyAMA0").source();
    private static Path modules;

    @TempDir
    Path dir;

    @BeforeAll
    static void toolsPresent() {
        QemuMachine.UEFI.assumeRunnable(GrubEfiImage.GRUB_MKIMAGE);
        StringBuilder why = new StringBuilder();
        modules = GrubArm64Modules.find(why).orElse(null);
        assumeTrue(modules != null, why::toString);
    }

    @Test
    void bootsPrimaryFallsBackFromAnUncommittedSlotAndResetsWhenAllAreSpent() throws IOException {
        TestDisk disk = disk(GrubEnvCodec.encode(BootStateVariables.toVariables(BootState.defaults())));

        bootAndCheck(disk, Slot.A, 2, false);

        changeState(disk, store -> BootControls.over(store, Slot.A).markActive(Slot.B));
        bootAndCheck(disk, Slot.B, 2, false);
        bootAndCheck(disk, Slot.B, 1, false);
        bootAndCheck(disk, Slot.B, 0, false);
        bootAndCheck(disk, Slot.A, 1, false);

        changeState(disk, store -> {
            assertEquals(Optional.of(Slot.B), BootControls.over(store, Slot.A).markGood());
            BootControls.over(store, Slot.A).markBad(Slot.A);
            BootControls.over(store, Slot.A).markBad(Slot.B);
        });
        String console = bootAndCheck(disk, Slot.A, BootContract.DEFAULT_TRIES - 1, true);
        assertTrue(console.contains("twinroot: no slot has tries left, resetting every slot to 3"), console);
    }

    @Test
    void anUnreadableEnvironmentBootsTheDefaults() throws IOException {
        byte[] garbage = new byte[GrubEnvCodec.SIZE];
        java.util.Arrays.fill(garbage, (byte) 'x');
        TestDisk disk = disk(garbage);
        String console = QemuMachine.UEFI.boot(disk.image());
        assertTrue(console.contains("twinroot: no valid boot state, using defaults"), console);
        assertTrue(console.contains("twinroot: booting slot A (tries left 2)"), console);
    }

    private TestDisk disk(byte[] grubenv) throws IOException {
        Path efi = dir.resolve("BOOTAA64.EFI");
        GrubEfiImage.build(modules, efi);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(GrubEfiImage.PATH, Files.readAllBytes(efi));
        files.put(BootContract.GRUB_CONFIG_FILE, CONFIG.getBytes(StandardCharsets.US_ASCII));
        files.put(BootContract.GRUB_ENV_FILE, grubenv);
        return TestDisk.create(dir, files);
    }

    private String bootAndCheck(TestDisk disk, Slot slot, int triesLeft, boolean reset) throws IOException {
        BootState before = read(disk);
        BootChooser.BootChoice expected = BootChooser.choose(before);
        assertEquals(slot, expected.slot(), "the model's choice");
        assertEquals(triesLeft, expected.triesLeft(), "the model's tries left");
        assertEquals(reset, expected.reset(), "the model's reset");

        long start = System.nanoTime();
        String console = QemuMachine.UEFI.boot(disk.image());
        System.out.printf("GRUB boot of slot %s took %d ms%n", slot, (System.nanoTime() - start) / 1_000_000);

        assertTrue(console.contains("twinroot: booting slot " + slot + " (tries left " + triesLeft + ")"), console);
        // GRUB's console wraps long lines at a space, replacing it with the line break.
        assertTrue(console.replace("\n", " ").contains("twinroot: kernel (hd0,gpt" + slot.partition().number() + ")/boot/Image arguments "
                + BootContract.kernelArguments(slot) + " console=ttyAMA0"), console);
        assertTrue(console.contains("twinroot: boot failed, resetting"), "the fake kernel must not boot: " + console);
        assertEquals(expected.next(), read(disk));
        return console;
    }

    private static BootState read(TestDisk disk) throws IOException {
        return BootStateVariables.fromVariables(GrubEnvCodec.decode(disk.readBootFile(BootContract.GRUB_ENV_FILE).orElseThrow()));
    }

    private void changeState(TestDisk disk, Change change) throws IOException {
        Path mount = Files.createTempDirectory(dir, "esp");
        disk.export(mount, List.of(BootContract.GRUB_ENV_FILE));
        change.apply(new GrubStateStore(mount));
        disk.importFrom(mount, List.of(BootContract.GRUB_ENV_FILE));
    }

    private interface Change {
        void apply(GrubStateStore store) throws IOException;
    }
}
