package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModuleInfoReaderTest {

    @Test
    void readsNameDependsSoftdepsAndAliases() throws Exception {
        byte[] elf = ElfModules.module("softdep=pre: crypto-crc32c", "license=GPL", "depends=jbd2,mbcache,crc16",
                "alias=fs-ext4", "alias=ext3", "name=ext4", "vermagic=6.1.0-56-arm64 SMP mod_unload aarch64");
        ModuleInfo info = ModuleInfoReader.read(elf, "ext4");
        assertEquals("ext4", info.name());
        assertEquals(List.of("jbd2", "mbcache", "crc16"), info.depends());
        assertEquals(List.of("crypto-crc32c"), info.softPre());
        assertEquals(List.of("fs-ext4", "ext3"), info.aliases());
    }

    @Test
    void normalizesDashesAndFallsBackToTheFileName() throws Exception {
        ModuleInfo info = ModuleInfoReader.read(ElfModules.module("depends=virtio-pci-modern-dev,"), "sdhci-iproc");
        assertEquals("sdhci_iproc", info.name());
        assertEquals(List.of("virtio_pci_modern_dev"), info.depends());
    }

    @Test
    void softdepPostModulesAreNotLoadedFirst() throws Exception {
        ModuleInfo info = ModuleInfoReader.read(ElfModules.module("softdep=pre: a b post: c", "name=m"), "m");
        assertEquals(List.of("a", "b"), info.softPre());
    }

    @Test
    void rejectsWhatIsNotAModule() {
        assertThrows(ModuleFormatException.class, () -> ModuleInfoReader.read(new byte[0], "x"));
        assertThrows(ModuleFormatException.class, () -> ModuleInfoReader.read("#!/bin/sh\necho hi\n".getBytes(), "x"));
        byte[] noModinfo = ElfModules.module("name=x");
        noModinfo[noModinfo.length - 3 * 64 + 64] = 5; // .modinfo's sh_name now points into ".modinfo" at "odinfo"
        var e = assertThrows(ModuleFormatException.class, () -> ModuleInfoReader.read(noModinfo, "x"));
        assertTrue(e.getMessage().contains("no .modinfo section"), e.getMessage());
    }

    @Test
    void rejectsAModuleNameThatCouldEscapeAPathOrAScript() {
        for (String bad : List.of("name=../../etc/passwd", "name=a b", "name=x;reboot", "depends=ok,../x", "name=")) {
            assertThrows(ModuleFormatException.class, () -> ModuleInfoReader.read(ElfModules.module(bad), "x"), bad);
        }
    }

    @Test
    void namesTheFieldThatRunsPastTheFile() {
        byte[] elf = ElfModules.module("name=x");
        byte[] truncated = Arrays.copyOf(elf, elf.length - 10);
        var e = assertThrows(ModuleFormatException.class, () -> ModuleInfoReader.read(truncated, "x"));
        assertTrue(e.getMessage().contains("section header table"), e.getMessage());
    }

    /** Any byte string gives a value or ModuleFormatException, never an unchecked exception. */
    @Test
    void mutatedModulesNeverThrowAnythingElse() {
        Random random = new Random(20261128);
        byte[] valid = ElfModules.module("softdep=pre: crc32c", "depends=a,b", "alias=x", "name=m");
        int values = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = random.nextInt(4) == 0
                    ? Arrays.copyOf(valid, random.nextInt(valid.length + 1))
                    : valid.clone();
            for (int flips = random.nextInt(8); flips >= 0 && bytes.length > 0; flips--) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            }
            try {
                ModuleInfoReader.read(bytes, "m");
                values++;
            } catch (ModuleFormatException expected) {
                // the module's own exception: fine
            }
        }
        assertTrue(values > 100, "most single-bit flips in .modinfo text still parse, got " + values);
    }
}
