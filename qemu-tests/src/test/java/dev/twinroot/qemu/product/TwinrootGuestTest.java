package dev.twinroot.qemu.product;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.bootcontrol.uboot.UBootScript;
import dev.twinroot.updater.contract.Slot;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

class TwinrootGuestTest {

    @Test
    void theBootPatternReadsTheBootScriptsOwnMarker() {
        Matcher m = TwinrootGuest.BOOTING.matcher(UBootScript.bootingMarker(Slot.B, 1));
        assertTrue(m.find());
        assertEquals("B", m.group(1));
        assertEquals("1", m.group(2));
        assertFalse(TwinrootGuest.BOOTING.matcher("twinroot: booting slot B (tries left 1").find(), "half-printed line");
    }

    @Test
    void aHalfPrintedVerdictDoesNotMatch() {
        String line = "[   81669] INFO   daemon: assessment of this boot ended: committed";
        for (int end = line.indexOf("ended: ") + 7; end < line.length(); end++) {
            assertFalse(TwinrootGuest.ASSESSED.matcher(line.substring(0, end)).find(), line.substring(0, end));
        }
        Matcher m = TwinrootGuest.ASSESSED.matcher(line);
        assertTrue(m.find());
        assertEquals("committed", m.group(1));
    }
}
