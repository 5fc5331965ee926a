package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleClosureTest {
    @TempDir
    Path modules;

    private void debianLikeTree() throws Exception {
        ElfModules.write(modules, "kernel/fs/ext4/ext4.ko", "softdep=pre: crypto-crc32c", "depends=jbd2,mbcache,crc16", "name=ext4");
        ElfModules.write(modules, "kernel/fs/jbd2/jbd2.ko", "softdep=pre: crypto-crc32c", "depends=", "name=jbd2");
        ElfModules.write(modules, "kernel/fs/mbcache.ko", "depends=", "name=mbcache");
        ElfModules.write(modules, "kernel/lib/crc16.ko", "depends=", "name=crc16");
        ElfModules.write(modules, "kernel/crypto/crc32c_generic.ko", "alias=crypto-crc32c", "alias=crc32c", "depends=", "name=crc32c_generic");
        ElfModules.write(modules, "kernel/drivers/virtio/virtio_pci.ko", "depends=virtio_pci_modern_dev,virtio_pci_legacy_dev", "name=virtio_pci");
        ElfModules.write(modules, "kernel/drivers/virtio/virtio_pci_modern_dev.ko", "depends=", "name=virtio_pci_modern_dev");
        ElfModules.write(modules, "kernel/drivers/virtio/virtio_pci_legacy_dev.ko", "depends=", "name=virtio_pci_legacy_dev");
        Files.writeString(modules.resolve("modules.builtin"), "kernel/drivers/mmc/core/mmc_block.ko\nkernel/drivers/virtio/virtio.ko\n");
    }

    @Test
    void loadsDependenciesAndSoftDependenciesFirst() throws Exception {
        debianLikeTree();
        LoadPlan plan = ModuleClosure.of(modules).resolve(new ModuleRequest(
                List.of("ext4", "virtio_pci", "mmc_block"), List.of("sdhci-iproc")));
        assertEquals(List.of("crc32c_generic", "jbd2", "mbcache", "crc16", "ext4",
                "virtio_pci_modern_dev", "virtio_pci_legacy_dev", "virtio_pci"), plan.names());
        assertEquals(List.of("mmc_block"), plan.builtin());
        assertEquals(List.of("sdhci_iproc"), plan.absent());
        assertEquals("lib/modules/6.1/kernel/fs/ext4/ext4.ko", plan.loadOrder().get(4).initramfsPath("6.1"));
    }

    @Test
    void aRequiredDriverTheKernelLacksFailsTheBuild() throws Exception {
        debianLikeTree();
        var e = assertThrows(ModuleNotFoundException.class,
                () -> ModuleClosure.of(modules).resolve(new ModuleRequest(List.of("erofs"), List.of())));
        assertTrue(e.getMessage().contains("erofs is required"), e.getMessage());
    }

    @Test
    void aMissingDependencyNamesTheModuleThatNeedsIt() throws Exception {
        ElfModules.write(modules, "kernel/fs/vfat.ko", "depends=fat", "name=vfat");
        var e = assertThrows(ModuleNotFoundException.class,
                () -> ModuleClosure.of(modules).resolve(new ModuleRequest(List.of("vfat"), List.of())));
        assertTrue(e.getMessage().contains("vfat depends on fat"), e.getMessage());
    }

    @Test
    void aDependencyCycleIsAFormatError() throws Exception {
        ElfModules.write(modules, "a.ko", "depends=b", "name=a");
        ElfModules.write(modules, "b.ko", "depends=a", "name=b");
        assertThrows(ModuleFormatException.class,
                () -> ModuleClosure.of(modules).resolve(new ModuleRequest(List.of("a"), List.of())));
    }

    @Test
    void readsXzCompressedModules() throws Exception {
        ElfModules.write(modules, "dep.ko", "depends=", "name=dep");
        Path xz = modules.resolve("kernel/squashfs.ko.xz");
        Files.createDirectories(xz.getParent());
        try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(xz))) {
            out.write(ElfModules.module("depends=dep", "name=squashfs"));
        }
        LoadPlan plan = ModuleClosure.of(modules).resolve(new ModuleRequest(List.of("squashfs"), List.of()));
        assertEquals(List.of("dep", "squashfs"), plan.names());
        assertEquals("lib/modules/v/kernel/squashfs.ko", plan.loadOrder().get(1).initramfsPath("v"));
    }

    @Test
    void aMissingModuleTreeIsReported() {
        assertThrows(ModuleNotFoundException.class, () -> ModuleClosure.of(modules.resolve("nope")));
    }
}
