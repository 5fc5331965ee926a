package dev.twinroot.partitioner.gpt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GptCodecTest {

    @Test
    void guidsAreMixedEndianAsInTheSpecExample() {
        // UEFI 2.10 Appendix A: EFI System Partition GUID C12A7328-F81F-11D2-BA4B-00A0C93EC93B on disk.
        byte[] expected = HexFormat.of().parseHex("28732ac11ff8d211ba4b00a0c93ec93b");
        byte[] b = new byte[16];
        GptCodec.writeGuid(b, 0, UUID.fromString("C12A7328-F81F-11D2-BA4B-00A0C93EC93B"));
        assertArrayEquals(expected, b);
        assertEquals(UUID.fromString("c12a7328-f81f-11d2-ba4b-00a0c93ec93b"), GptCodec.readGuid(expected, 0));
    }

    @Test
    void headerFieldsSitAtTheirSpecOffsets() {
        GptTable t = GptTable.create(512, 1000, UUID.fromString("11111111-2222-3333-4444-555555555555"), 128, 128, List.of());
        byte[] sector = GptCodec.encodeHeader(GptCodec.header(t, true), 512);
        assertEquals("EFI PART", new String(sector, 0, 8, java.nio.charset.StandardCharsets.US_ASCII));
        assertArrayEquals(new byte[] {0, 0, 1, 0}, Arrays.copyOfRange(sector, 8, 12));
        assertArrayEquals(new byte[] {92, 0, 0, 0}, Arrays.copyOfRange(sector, 12, 16));
        assertEquals(1, sector[24]);
        assertEquals(999 & 0xFF, sector[32] & 0xFF);
        assertEquals(3, sector[33]);
        assertEquals(34, sector[40]);
        assertEquals(2, sector[72]);
        assertEquals(GptCodec.headerCrc(sector, 92), GptCodec.decodeHeader(sector).headerCrc32());
        for (int i = 92; i < 512; i++) {
            assertEquals(0, sector[i], "byte " + i);
        }
    }

    @Test
    void namesAreUtf16LittleEndianAndStopAtTheFirstNul() {
        byte[] b = new byte[128];
        GptCodec.encodeEntry(new GptEntry(UUID.randomUUID(), UUID.randomUUID(), 34, 99, 1, "rootfs-ä"), b, 0);
        assertEquals('r', b[56]);
        assertEquals(0, b[57]);
        assertEquals((byte) 0xE4, b[70]);
        assertEquals("rootfs-ä", GptCodec.decodeEntry(b, 0).name());
        b[58] = 0;
        b[59] = 0;
        assertEquals("r", GptCodec.decodeEntry(b, 0).name());
    }

    @Test
    void aNameLongerThan36CodeUnitsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new GptEntry(UUID.randomUUID(), UUID.randomUUID(), 34, 99, 0, "x".repeat(37)));
    }
}
