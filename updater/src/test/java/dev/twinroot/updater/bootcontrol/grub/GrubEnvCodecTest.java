package dev.twinroot.updater.bootcontrol.grub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.twinroot.platform.ExternalTool;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import dev.twinroot.updater.bootcontrol.BootStateVariables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GrubEnvCodecTest {

    private static final ExternalTool GRUB_EDITENV = new ExternalTool("grub-editenv", "grub-common");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** grub-editenv (the tool GRUB ships) and the codec produce the same bytes, escapes included. */
    @Test
    void encodesExactlyWhatGrubEditenvWrites() throws IOException {
        assumeTrue(GRUB_EDITENV.isPresent(), "needs grub-editenv (grub-common)");
        Path env = dir.resolve("grubenv");
        GRUB_EDITENV.run(List.of(env.toString(), "create"), TIMEOUT).requireSuccess();
        GRUB_EDITENV.run(List.of(env.toString(), "set", "BOOT_ORDER=B A", "BOOT_A_LEFT=0", "BOOT_B_LEFT=3",
                "odd=back\\slash\nnew line"), TIMEOUT).requireSuccess();
        Map<String, String> vars = new LinkedHashMap<>(BootStateVariables.toVariables(
                BootState.defaults().withPrimary(dev.twinroot.updater.contract.Slot.B).withTriesLeft(dev.twinroot.updater.contract.Slot.A, 0)));
        vars.put("odd", "back\\slash\nnew line");
        byte[] block = Files.readAllBytes(env);
        assertArrayEquals(block, GrubEnvCodec.encode(vars));
        assertEquals(vars, GrubEnvCodec.decode(block));
    }

    @Test
    void grubEditenvReadsWhatTheCodecWrites() throws IOException {
        assumeTrue(GRUB_EDITENV.isPresent(), "needs grub-editenv (grub-common)");
        Path env = dir.resolve("grubenv");
        Files.write(env, GrubEnvCodec.encode(BootStateVariables.toVariables(BootState.defaults())));
        assertEquals("BOOT_ORDER=A B\nBOOT_A_LEFT=3\nBOOT_B_LEFT=3\n",
                GRUB_EDITENV.run(List.of(env.toString(), "list"), TIMEOUT).requireSuccess().stdout());
    }

    @Test
    void rejectsHostileBlocks() {
        byte[] good = GrubEnvCodec.encode(Map.of("a", "1"));
        assertRejected(Arrays.copyOf(good, 512), "GRUB environment block: size is 512 bytes, expected 1024");
        byte[] noSignature = good.clone();
        noSignature[2] = 'g';
        assertRejected(noSignature, "GRUB environment block: offset 0 does not start with the signature "
                + "'# GRUB Environment Block'");
        assertRejected(block("noequals\n"), "GRUB environment block: line at offset 94 has no '='");
        assertRejected(block("=1\n"), "GRUB environment block: line at offset 94 has an empty name");
        assertRejected(block("a=1\na=2\n"), "GRUB environment block: line at offset 98 repeats a variable name");
        byte[] unterminated = block("");
        Arrays.fill(unterminated, 94, 1024, (byte) 'x');
        unterminated[95] = '=';
        assertRejected(unterminated, "GRUB environment block: variable at offset 94 runs past the end of the block at 1024");
    }

    @Test
    void roundTripsRandomVariablesAndSurvivesRandomBytes() throws Exception {
        Random random = new Random(0x6e0b);
        int decoded = 0;
        for (int i = 0; i < 5000; i++) {
            Map<String, String> vars = new LinkedHashMap<>();
            for (int n = random.nextInt(5); n > 0; n--) {
                vars.put(text(random, 1, 10, true), text(random, 0, 30, false));
            }
            byte[] block = GrubEnvCodec.encode(vars);
            assertEquals(vars, GrubEnvCodec.decode(block), "iteration " + i);
            byte[] mutated = block.clone();
            for (int m = random.nextInt(4); m >= 0; m--) {
                mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
            }
            try {
                GrubEnvCodec.decode(mutated);
                decoded++;
            } catch (BootStateFormatException expected) {
                // the one allowed failure
            }
        }
        assertNotEquals(0, decoded);
    }

    private static String text(Random random, int min, int max, boolean name) {
        StringBuilder s = new StringBuilder();
        int length = min + random.nextInt(max - min + 1);
        while (s.length() < length) {
            char c = (char) (1 + random.nextInt(0xff));
            if (!name || (c != '=' && c != '\n' && !(s.length() == 0 && c == '#'))) {
                s.append(c);
            }
        }
        return s.toString();
    }

    private static byte[] block(String lines) {
        byte[] block = new byte[GrubEnvCodec.SIZE];
        Arrays.fill(block, (byte) '#');
        byte[] text = (GrubEnvCodec.SIGNATURE + GrubEnvCodec.WARNING + lines).getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, block, 0, text.length);
        return block;
    }

    private static void assertRejected(byte[] block, String message) {
        assertEquals(message, assertThrows(BootStateFormatException.class, () -> GrubEnvCodec.decode(block)).getMessage());
    }
}
