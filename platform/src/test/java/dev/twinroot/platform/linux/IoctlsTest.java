package dev.twinroot.platform.linux;

import com.sun.jna.Pointer;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The request numbers against the values the C headers give (printed by gcc on Debian 12 x86-64 from
 * linux/fs.h and linux/watchdog.h; aarch64 takes the same asm-generic/ioctl.h, so the same values hold there).
 */
class IoctlsTest {

    @Test
    void x86_64AndAarch64GiveTheHeaderValues() {
        for (String arch : new String[] {"amd64", "x86_64", "aarch64"}) {
            Ioctls io = Ioctls.of(IoctlEncoding.forArch(arch).orElseThrow());
            assertEquals(0x80081272L, io.blkGetSize64(), arch + " BLKGETSIZE64");
            assertEquals(0x1268L, io.blkSszGet(), arch + " BLKSSZGET");
            assertEquals(0x125fL, io.blkRrPart(), arch + " BLKRRPART");
            assertEquals(0x1269L, io.blkPg(), arch + " BLKPG");
            assertEquals(0x1277L, io.blkDiscard(), arch + " BLKDISCARD");
            assertEquals(0x80285700L, io.wdiocGetSupport(), arch + " WDIOC_GETSUPPORT");
            assertEquals(0x80045707L, io.wdiocGetTimeout(), arch + " WDIOC_GETTIMEOUT");
            assertEquals(0xc0045706L, io.wdiocSetTimeout(), arch + " WDIOC_SETTIMEOUT");
            assertEquals(0x80045705L, io.wdiocKeepAlive(), arch + " WDIOC_KEEPALIVE");
            // fs/ext4/ext4.h is not installed with the headers: _IOW('f', 16, __u64) worked out by hand.
            assertEquals(0x40086610L, io.ext4ResizeFs(), arch + " EXT4_IOC_RESIZE_FS");
        }
    }

    @Test
    void otherArchitecturesAreRefusedRatherThanGuessed() {
        assertEquals(Optional.empty(), IoctlEncoding.forArch("ppc64le"));
        assertEquals(Optional.empty(), IoctlEncoding.forArch("mips64"));
        assertEquals(Optional.empty(), IoctlEncoding.forArch("arm"));
    }

    @Test
    void anArgumentTooLargeForTheSizeFieldIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IoctlEncoding.GENERIC.ior(0x12, 1, 1 << 14));
        assertEquals(0x3fff0000L | (2L << 30), IoctlEncoding.GENERIC.ior(0, 0, (1 << 14) - 1));
    }

    @Test
    void blkpgLayoutMatchesTheKernelStructures() {
        Blkpg blkpg = new Blkpg(Blkpg.RESIZE_PARTITION, 7, 0x1122334455L, 0x66778899L);
        assertEquals(24, blkpg.arg().size());
        assertEquals(Blkpg.RESIZE_PARTITION, blkpg.arg().getInt(0));
        assertEquals(0, blkpg.arg().getInt(4));
        assertEquals(152, blkpg.arg().getInt(8));
        Pointer part = blkpg.arg().getPointer(16);
        assertEquals(0x1122334455L, part.getLong(0));
        assertEquals(0x66778899L, part.getLong(8));
        assertEquals(7, part.getInt(16));
        for (int i = 20; i < 152; i++) {
            assertEquals(0, part.getByte(i), "devname/volname byte " + i);
        }
    }

    @Test
    void watchdogInfoDecodesOptionsVersionAndIdentity() {
        byte[] raw = new byte[WatchdogInfoLayout.SIZE];
        java.nio.ByteBuffer.wrap(raw).order(java.nio.ByteOrder.nativeOrder()).putInt(0x8180).putInt(3)
                .put("i6300ESB timer".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        var info = WatchdogInfoLayout.decode(raw);
        assertEquals(0x8180, info.options());
        assertEquals(3, info.firmwareVersion());
        assertEquals("i6300ESB timer", info.identity());
        java.util.Arrays.fill(raw, 8, 40, (byte) 'x');
        assertEquals(32, WatchdogInfoLayout.decode(raw).identity().length());
    }
}
