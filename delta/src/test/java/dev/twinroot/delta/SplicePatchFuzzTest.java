package dev.twinroot.delta;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

/**
 * Any instruction stream given to {@link SplicePatch} yields the target bytes or a {@link DeltaFormatException}:
 * never an unchecked exception or a hang. Without JAZZER_FUZZ this replays the inputs in
 * {@code SplicePatchFuzzTestInputs/applyArbitraryStream}.
 */
class SplicePatchFuzzTest {

    static final byte[] SOURCE = Images.image(new Random(2), 30_000);

    /** Input bytes 0-1: the target length (big-endian), byte 2: the cursor in KiB; the rest is the stream. */
    @FuzzTest(maxDuration = "30s")
    void applyArbitraryStream(byte[] input) throws IOException {
        if (input.length < 3) {
            return;
        }
        int length = 1 + (((input[0] & 0xFF) << 8) | (input[1] & 0xFF));
        long cursor = (input[2] & 0xFFL) << 10;
        byte[] stream = Arrays.copyOfRange(input, 3, input.length);
        try {
            byte[] out = SplicePatch.apply(new MemoryChannel(SOURCE), SOURCE.length, cursor, stream, stream.length,
                    length, "fuzz");
            if (out.length != length) {
                throw new AssertionError("built " + out.length + " bytes, asked for " + length);
            }
        } catch (DeltaFormatException expected) {
            // rejected cleanly
        }
    }
}
