package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bootcontrol.BootControls;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.contract.Slot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What libubootenv's real tools (libubootenv-tool) can do with our state copies, and what they cannot. */
class FwEnvToolsTest {

    private static final ExternalTool FW_PRINTENV = new ExternalTool("fw_printenv", "libubootenv-tool");
    private static final ExternalTool FW_SETENV = new ExternalTool("fw_setenv", "libubootenv-tool");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path boot;

    private UBootStateStore store;

    @BeforeEach
    void stateWithTwoDifferentCopies() throws IOException {
        assumeTrue(FW_PRINTENV.isPresent() && FW_SETENV.isPresent(), "needs fw_printenv/fw_setenv (libubootenv-tool)");
        List<byte[]> copies = RedundantBootState.initialCopies(BootState.defaults());
        for (int i = 0; i < copies.size(); i++) {
            Files.write(boot.resolve(BootContract.STATE_FILES.get(i)), copies.get(i));
        }
        store = new UBootStateStore(boot);
        BootControls.over(store, Slot.A).markActive(Slot.B); // writes copy 2 with BOOT_SEQ=0x1
    }

    @Test
    void fwPrintenvReadsEachCopyInSingleCopyMode() throws IOException {
        assertEquals("BOOT_A_LEFT=3\nBOOT_B_LEFT=3\nBOOT_ORDER=A B\nBOOT_SEQ=0x0\n", printenv(config(0)));
        assertEquals("BOOT_A_LEFT=3\nBOOT_B_LEFT=3\nBOOT_ORDER=B A\nBOOT_SEQ=0x1\n", printenv(config(1)));
        assertEquals("0x1\n", FW_PRINTENV.run(List.of("-c", config(1).toString(), "-n", BootContract.BOOT_SEQ), TIMEOUT)
                .requireSuccess().stdout());
    }

    /**
     * fw_setenv keeps the layout, so Java reads what it writes; and when it writes the OLDER copy with the next
     * BOOT_SEQ, in one call, it takes part in the redundancy protocol like the boot script does.
     */
    @Test
    void fwSetenvOnTheOlderCopyWithTheNextSequenceIsAValidUpdate() throws IOException {
        Path script = boot.resolveSibling(boot.getFileName() + "-fw-script");
        // libubootenv 0.3.2 wants NAME=value lines; "NAME value" lines are silently ignored.
        Files.writeString(script, "BOOT_ORDER=A B\nBOOT_A_LEFT=1\nBOOT_SEQ=0x2\n");
        FW_SETENV.run(List.of("-c", config(0).toString(), "-s", script.toString()), TIMEOUT).requireSuccess();

        Map<String, String> copy1 = UBootEnvCodec.decode(Files.readAllBytes(boot.resolve(BootContract.STATE_FILES.get(0))),
                BootContract.STATE_SIZE);
        assertEquals("1", copy1.get("BOOT_A_LEFT"));
        BootState state = store.read();
        assertEquals(List.of(Slot.A, Slot.B), state.order());
        assertEquals(1, state.triesLeft(Slot.A));
        assertEquals(0, RedundantBootState.newest(List.of(
                java.util.Optional.of(Files.readAllBytes(boot.resolve(BootContract.STATE_FILES.get(0)))),
                java.util.Optional.of(Files.readAllBytes(boot.resolve(BootContract.STATE_FILES.get(1)))))).orElseThrow().index());
    }

    /** libubootenv's redundant mode puts a flag byte after the CRC: it cannot read copies in our layout. */
    @Test
    void fwPrintenvRedundantModeDoesNotReadOurCopies() throws IOException {
        Path both = boot.resolveSibling(boot.getFileName() + "-fw_env-both.config");
        Files.writeString(both, FwEnvConfig.forCopy(boot, 0) + FwEnvConfig.forCopy(boot, 1));
        ExternalTool.Result result = FW_PRINTENV.run(List.of("-c", both.toString()), TIMEOUT);
        assertFalse(result.succeeded(), result.stdout());
    }

    private String printenv(Path config) throws IOException {
        return FW_PRINTENV.run(List.of("-c", config.toString()), TIMEOUT).requireSuccess().stdout();
    }

    private Path config(int copy) throws IOException {
        Path config = boot.resolveSibling(boot.getFileName() + "-fw_env-" + copy + ".config");
        Files.writeString(config, FwEnvConfig.forCopy(boot, copy));
        return config;
    }
}
