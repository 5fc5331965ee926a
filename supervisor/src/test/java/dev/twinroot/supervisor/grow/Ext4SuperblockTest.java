package dev.twinroot.supervisor.grow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ext4SuperblockTest {

    private static final ExternalTool MKE2FS = new ExternalTool("mke2fs", "e2fsprogs");

    @TempDir
    Path dir;

    @Test
    void readsWhatMke2fsWrote() throws IOException {
        Assumptions.assumeTrue(MKE2FS.isPresent(), "mke2fs is not installed (Debian package e2fsprogs)");
        for (String blockSize : List.of("1024", "4096")) {
            Path image = dir.resolve("fs-" + blockSize);
            Files.write(image, new byte[0]);
            MKE2FS.run(List.of("-q", "-F", "-t", "ext4", "-b", blockSize, image.toString(), "8M"), Duration.ofSeconds(60))
                    .requireSuccess();
            byte[] sb = Arrays.copyOfRange(Files.readAllBytes(image), Ext4Superblock.OFFSET, Ext4Superblock.OFFSET + Ext4Superblock.SIZE);
            Ext4Superblock parsed = Ext4Superblock.parse(sb);
            assertEquals(Integer.parseInt(blockSize), parsed.blockSize());
            assertEquals(8L << 20, parsed.bytes());
        }
    }

    @Test
    void theHighWordCountsOnlyWithThe64bitFeature() throws GrowException {
        byte[] sb = superblock(2, 5, 0x80, 1);
        assertEquals(new Ext4Superblock(4096, (1L << 32) + 5), Ext4Superblock.parse(sb));
        sb = superblock(2, 5, 0x0, 1);
        assertEquals(new Ext4Superblock(4096, 5), Ext4Superblock.parse(sb));
    }

    @Test
    void refusesWhatIsNotAnExt4SuperblockNamingTheField() {
        assertEquals("ext4 superblock: expected 1024 bytes, found 100",
                assertThrows(GrowException.class, () -> Ext4Superblock.parse(new byte[100])).getMessage());
        byte[] noMagic = superblock(2, 5, 0, 0);
        noMagic[0x38] = 0;
        assertEquals("ext4 superblock: magic at offset 0x38: expected 0xef53, found 0xef00",
                assertThrows(GrowException.class, () -> Ext4Superblock.parse(noMagic)).getMessage());
        assertEquals("ext4 superblock: log block size at offset 0x18: expected 0..6, found 4294967295",
                assertThrows(GrowException.class, () -> Ext4Superblock.parse(superblock(-1, 5, 0, 0))).getMessage());
        assertTrue(assertThrows(GrowException.class, () -> Ext4Superblock.parse(superblock(0, 0, 0, 0))).getMessage()
                .startsWith("ext4 superblock: block count at offset 0x4: expected 1.."));
        assertThrows(GrowException.class, () -> Ext4Superblock.parse(superblock(6, -1, 0x80, -1)));
    }

    @Test
    void randomBytesGiveASuperblockOrTheModulesException() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] b = new byte[r.nextInt(1100)];
            r.nextBytes(b);
            if (b.length > 0x3A && r.nextBoolean()) {
                b[0x38] = 0x53;
                b[0x39] = (byte) 0xEF;
            }
            try {
                Ext4Superblock sb = Ext4Superblock.parse(b);
                assertTrue(sb.blocks() > 0 && sb.bytes() > 0);
            } catch (GrowException expected) {
                // fine
            }
        }
    }

    static byte[] superblock(int logBlockSize, int blocksLo, int incompat, int blocksHi) {
        ByteBuffer b = ByteBuffer.allocate(Ext4Superblock.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0x4, blocksLo).putInt(0x18, logBlockSize).putShort(0x38, (short) 0xEF53).putInt(0x60, incompat)
                .putInt(0x150, blocksHi);
        return b.array();
    }
}
