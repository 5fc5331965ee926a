package dev.twinroot.updater.bootcontrol.uboot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.twinroot.updater.bootcontrol.BootStateFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class UBootEnvCodecTest {

    /**
     * What U-Boot 2023.01 (Debian u-boot-qemu) wrote for {@code setenv BOOT_ORDER "A B"; setenv BOOT_SEQ 1;
     * env export -c -s 0x4000 ADDR BOOT_SEQ BOOT_ORDER}: CRC 0xb82741d7, entries sorted, NUL padding.
     */
    @Test
    void encodesExactlyWhatUBootExports() throws Exception {
        byte[] golden = new byte[0x4000];
        ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN).putInt(0xb82741d7);
        byte[] data = "BOOT_ORDER=A B\0BOOT_SEQ=1\0".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(data, 0, golden, 4, data.length);

        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("BOOT_SEQ", "1");
        vars.put("BOOT_ORDER", "A B");
        assertArrayEquals(golden, UBootEnvCodec.encode(vars, 0x4000));
        assertEquals(List.of("BOOT_ORDER", "BOOT_SEQ"), List.copyOf(UBootEnvCodec.decode(golden, 0x4000).keySet()));
        assertEquals(vars, UBootEnvCodec.decode(golden, 0x4000));
    }

    @Test
    void emptyEnvironmentIsOneNul() throws Exception {
        byte[] image = UBootEnvCodec.encode(Map.of(), 16);
        assertEquals(Map.of(), UBootEnvCodec.decode(image, 16));
        assertEquals(0, image[4]);
    }

    @Test
    void paddingContentIsIgnoredButCoveredByTheCrc() throws Exception {
        byte[] image = UBootEnvCodec.encode(Map.of("a", "1"), 64);
        java.util.Arrays.fill(image, 10, 64, (byte) 0xff);
        withCrc(image);
        assertEquals(Map.of("a", "1"), UBootEnvCodec.decode(image, 64));
    }

    @Test
    void rejectsAWrongCrcNamingBothValues() {
        byte[] image = UBootEnvCodec.encode(Map.of("a", "1"), 64);
        image[20] = 1;
        BootStateFormatException e = assertThrows(BootStateFormatException.class, () -> UBootEnvCodec.decode(image, 64));
        assertEquals(true, e.getMessage().startsWith("U-Boot environment: CRC32 at offset 0 is 0x"), e.getMessage());
    }

    @Test
    void rejectsAWrongSize() {
        byte[] image = UBootEnvCodec.encode(Map.of("a", "1"), 64);
        BootStateFormatException e = assertThrows(BootStateFormatException.class, () -> UBootEnvCodec.decode(image, 128));
        assertEquals("U-Boot environment: size is 64 bytes, expected 128", e.getMessage());
    }

    @Test
    void rejectsHostileLayouts() {
        assertFormat("no terminating NUL", fill(16, "a=1"), "entry at offset 4 has no terminating NUL before the end at 16");
        assertFormat("entry without =", image(32, "a=1\0junk\0\0"), "entry at offset 8 has no '='");
        assertFormat("empty name", image(32, "=1\0\0"), "entry at offset 4 has an empty name");
        assertFormat("repeated name", image(32, "a=1\0a=2\0\0"), "entry at offset 8 repeats a variable name");
    }

    @Test
    void rejectsNamesAndValuesItCannotStore() {
        assertThrows(IllegalArgumentException.class, () -> UBootEnvCodec.encode(Map.of("a=b", "1"), 64));
        assertThrows(IllegalArgumentException.class, () -> UBootEnvCodec.encode(Map.of("", "1"), 64));
        assertThrows(IllegalArgumentException.class, () -> UBootEnvCodec.encode(Map.of("a", "1\0"), 64));
        assertThrows(IllegalArgumentException.class, () -> UBootEnvCodec.encode(Map.of("a", "\u20ac"), 64));
        assertThrows(IllegalArgumentException.class, () -> UBootEnvCodec.encode(Map.of("a", "x".repeat(60)), 64));
    }

    private static void assertFormat(String why, byte[] image, String expected) {
        BootStateFormatException e = assertThrows(BootStateFormatException.class,
                () -> UBootEnvCodec.decode(image, image.length), why);
        assertEquals("U-Boot environment: " + expected, e.getMessage(), why);
    }

    /** An image whose data area starts with {@code data}, NUL padded, with a correct CRC. */
    static byte[] image(int size, String data) {
        byte[] image = new byte[size];
        byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(bytes, 0, image, 4, bytes.length);
        return withCrc(image);
    }

    /** An image whose data area is {@code data} repeated to the end, with a correct CRC. */
    private static byte[] fill(int size, String data) {
        byte[] image = new byte[size];
        byte[] bytes = data.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 4; i < size; i++) {
            image[i] = bytes[(i - 4) % bytes.length];
        }
        return withCrc(image);
    }

    static byte[] withCrc(byte[] image) {
        CRC32 crc = new CRC32();
        crc.update(image, 4, image.length - 4);
        ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) crc.getValue());
        return image;
    }
}
