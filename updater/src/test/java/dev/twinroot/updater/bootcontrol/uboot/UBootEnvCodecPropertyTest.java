package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random inputs: the codec round-trips whatever it can encode and never fails other than by its exception. */
class UBootEnvCodecPropertyTest {

    private static final int SIZE = 512;

    @Test
    void roundTripsRandomVariables() throws Exception {
        Random random = new Random(0x7417);
        for (int i = 0; i < 3000; i++) {
            Map<String, String> vars = randomVariables(random);
            byte[] image = UBootEnvCodec.encode(vars, SIZE);
            assertEquals(vars, UBootEnvCodec.decode(image, SIZE), "iteration " + i);
        }
    }

    @Test
    void anyBytesGiveVariablesOrTheFormatException() {
        Random random = new Random(0xb007);
        int decoded = 0;
        for (int i = 0; i < 20000; i++) {
            byte[] image = new byte[random.nextInt(3) == 0 ? SIZE : random.nextInt(SIZE + 8)];
            random.nextBytes(image);
            if (random.nextBoolean()) {
                // Most random bytes fail the CRC: give half of them a good one to reach the entry parser.
                for (int j = 4; j < image.length; j++) {
                    if (random.nextInt(8) == 0) {
                        image[j] = 0;
                    }
                }
                if (image.length >= 4) {
                    UBootEnvCodecTest.withCrc(image);
                }
            }
            try {
                UBootEnvCodec.decode(image, SIZE);
                decoded++;
            } catch (BootStateFormatException expected) {
                // the one allowed failure
            }
        }
        assertNotEquals(0, decoded, "the generator should reach the success path too");
    }

    @Test
    void anySingleBitFlipIsDetected() {
        Random random = new Random(0xf1);
        byte[] image = UBootEnvCodec.encode(Map.of("BOOT_ORDER", "A B", "BOOT_A_LEFT", "3"), SIZE);
        for (int i = 0; i < 2000; i++) {
            byte[] flipped = image.clone();
            int bit = random.nextInt(SIZE * 8);
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            org.junit.jupiter.api.Assertions.assertThrows(BootStateFormatException.class,
                    () -> UBootEnvCodec.decode(flipped, SIZE), "bit " + bit);
        }
    }

    static Map<String, String> randomVariables(Random random) {
        Map<String, String> vars = new HashMap<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            vars.put(randomText(random, 1, 12, true), randomText(random, 0, 20, false));
        }
        return vars;
    }

    private static String randomText(Random random, int min, int max, boolean name) {
        StringBuilder s = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        while (s.length() < length) {
            char c = (char) (1 + random.nextInt(0xff));
            if (!name || c != '=') {
                s.append(c);
            }
        }
        return s.toString();
    }
}
