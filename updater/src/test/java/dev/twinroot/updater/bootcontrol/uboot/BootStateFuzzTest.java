package dev.twinroot.updater.bootcontrol.uboot;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.contract.BootContract;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Any bytes, as one state copy or as the pair the reader chooses from, give a state or a
 * {@link BootStateFormatException}: never another exception or a hang. The fuzz input is padded or cut to the
 * state size and half of the inputs get a correct CRC, so that the fuzzer reaches the entry parser.
 */
class BootStateFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void stateCopy(byte[] data) {
        byte[] image = Arrays.copyOf(data, BootContract.STATE_SIZE);
        if (data.length > 0 && (data[0] & 1) == 1) {
            UBootEnvCodecTest.withCrc(image);
        }
        try {
            UBootEnvCodec.decode(image, BootContract.STATE_SIZE);
        } catch (BootStateFormatException expected) {
            // allowed
        }
        try {
            StoredCopy copy = RedundantBootState.parse(0, image);
            RedundantBootState.state(copy);
        } catch (BootStateFormatException expected) {
            // allowed
        }
        Optional<StoredCopy> newest = RedundantBootState.newest(List.of(Optional.of(data), Optional.of(image)));
        newest.ifPresent(n -> {
            if (n.index() != 1) {
                throw new AssertionError("raw fuzz bytes of the wrong size were taken as a valid copy");
            }
        });
    }
}
