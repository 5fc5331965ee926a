package dev.twinroot.updater.bootcontrol.grub;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import java.util.Arrays;
import java.util.Map;

/** Any bytes give GRUB variables (and a state or its exception) or a BootStateFormatException, nothing else. */
class GrubEnvFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void environmentBlock(byte[] data) {
        for (byte[] block : new byte[][] {data, Arrays.copyOf(data, GrubEnvCodec.SIZE)}) {
            try {
                Map<String, String> vars = GrubEnvCodec.decode(block);
                BootStateVariables.fromVariables(vars);
            } catch (BootStateFormatException expected) {
                // allowed
            }
        }
    }
}
