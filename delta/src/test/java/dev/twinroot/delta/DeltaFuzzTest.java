package dev.twinroot.delta;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.HeaderCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Any byte string given to the decoder and the applier yields a target or a {@link DeltaException}: never an
 * unchecked exception, a hang or an allocation beyond the limits. Without JAZZER_FUZZ this replays the inputs in
 * {@code DeltaFuzzTestInputs/applyArbitraryDelta}.
 */
class DeltaFuzzTest {

    static final byte[] SOURCE = Images.image(new Random(1), 20_000);

    /**
     * Input byte 0 chooses the mode: even, the rest is a whole delta; odd, the rest are operations behind a valid
     * header for {@link #SOURCE} (so the fuzzer need not forge a CRC to reach the operation decoder).
     */
    @FuzzTest(maxDuration = "30s")
    void applyArbitraryDelta(byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        byte[] delta = Arrays.copyOfRange(input, 1, input.length);
        if ((input[0] & 1) == 1) {
            long targetSize = (input[0] & 0xFE) * 257L;
            DeltaHeader h = DeltaHeader.of(4096, SOURCE.length, Sha256.of(SOURCE, 0, SOURCE.length), targetSize,
                    new byte[32]);
            delta = Images.concat(HeaderCodec.encode(h), delta);
        }
        try {
            DeltaInfo.read(new ByteArrayInputStream(delta));
        } catch (DeltaException expected) {
            // rejected cleanly
        }
        try {
            new DeltaApplier(DeltaApplier.Options.defaults()).apply(new MemoryChannel(SOURCE),
                    new ByteArrayInputStream(delta), new MemoryChannel(new byte[0]), Optional.empty());
        } catch (DeltaException expected) {
            // rejected cleanly
        }
    }
}
