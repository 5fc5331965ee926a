package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The real Debian arm64 packages, through the shared cache: the first run downloads, later runs do not. */
class DebianPackageSourceTest {

    @Test
    void resolvesTheRuntimeClosureAndTheCurrentKernel() throws Exception {
        DebianPackageSource.Fetched fetched = DebianRootfs.source().fetch();
        Map<String, DebianPackage> byName = fetched.packages().stream()
                .collect(Collectors.toMap(DebianPackage::name, Function.identity()));
        for (String needed : List.of("busybox-static", "libc6", "zlib1g", "openjdk-17-jre-headless", "linux-image-arm64")) {
            assertTrue(byName.containsKey(needed), needed + " in " + byName.keySet());
        }
        assertTrue(byName.keySet().stream().anyMatch(n -> n.matches("linux-image-6\\.1\\.0-\\d+-arm64")),
                "apt resolved the metapackage to the current 6.1 kernel: " + byName.keySet());
        assertTrue(fetched.packages().stream().allMatch(p -> p.architecture().equals("arm64") || p.architecture().equals("all")),
                fetched.packages().toString());

        long before = Files.getLastModifiedTime(fetched.tarball()).toMillis();
        DebianPackageSource.Fetched again = DebianRootfs.source().fetch();
        assertEquals(fetched, again);
        assertEquals(before, Files.getLastModifiedTime(again.tarball()).toMillis(), "served from the cache, not fetched again");
        assertTrue(fetched.tarball().startsWith(PackageCache.defaultLocation().root()));
    }

    @Test
    void assemblesARootfsWithTheKernelInitramfsAndInit() throws Exception {
        Rootfs rootfs = DebianRootfs.get();
        Path tree = rootfs.tree();
        assertTrue(rootfs.kernelVersion().matches("6\\.1\\.0-\\d+-arm64"), rootfs.kernelVersion());
        assertEquals(tree.resolve("boot/Image"), rootfs.kernel());
        byte[] header = Files.readAllBytes(rootfs.kernel());
        // arm64 Image header: magic "ARM\x64" at offset 56, which U-Boot's booti checks.
        assertEquals("ARMd", new String(header, 56, 4, java.nio.charset.StandardCharsets.ISO_8859_1));
        assertTrue(Files.size(rootfs.initramfs()) > 1_000_000, "busybox + modules");
        assertTrue(Files.isExecutable(tree.resolve("sbin/init")));
        Path java = TreePaths.resolve(tree, "usr/bin/java", 0); // its absolute link means <tree>/usr/lib/jvm/...
        assertTrue(Files.isRegularFile(java) && Files.isExecutable(java), "java launcher linked from the JRE: " + java);
        for (String dir : RootfsAdditions.MOUNT_POINTS) {
            assertTrue(Files.isDirectory(tree.resolve(dir)), dir);
        }
        assertTrue(Files.isDirectory(tree.resolve("etc/twinroot")));
        assertTrue(Files.exists(tree.resolve("lib/ld-linux-aarch64.so.1")), "the JRE's dynamic loader");
        assertTrue(Files.notExists(tree.resolve("usr/share/doc")), "documentation excluded");
        assertEquals("twinroot\n", Files.readString(tree.resolve("etc/hostname")), "not the build host's name");
        assertEquals(Path.of("/run/resolv.conf"), Files.readSymbolicLink(tree.resolve("etc/resolv.conf")));
    }

    /** The closure computed from the real Debian kernel's modules, not a list written down by hand. */
    @Test
    void computesTheInitramfsModuleClosureOfTheRealKernel() throws Exception {
        Rootfs rootfs = DebianRootfs.get();
        List<String> order = rootfs.initramfsModules();
        for (String module : List.of("virtio_pci", "virtio_blk", "ext4", "vfat", "nls_ascii", "nls_cp437",
                "squashfs", "erofs", "overlay", "i6300esb", "virtio_net", "sdhci_iproc")) {
            assertTrue(order.contains(module), module + " in " + order);
        }
        for (String[] before : new String[][] {{"jbd2", "ext4"}, {"mbcache", "ext4"}, {"crc16", "ext4"},
                {"crc32c_generic", "jbd2"}, {"fat", "vfat"}, {"virtio_pci_modern_dev", "virtio_pci"}}) {
            assertTrue(order.indexOf(before[0]) >= 0 && order.indexOf(before[0]) < order.indexOf(before[1]),
                    before[0] + " loads before " + before[1] + ": " + order);
        }
        // Every module's own depends= is satisfied by what comes before it.
        Kernel kernel = new Kernel(rootfs.kernelVersion(), rootfs.kernel(), rootfs.tree().resolve("lib/modules/" + rootfs.kernelVersion()));
        ModuleClosure closure = ModuleClosure.of(kernel.moduleDir());
        for (int i = 0; i < order.size(); i++) {
            for (String dep : closure.module(order.get(i)).info().depends()) {
                assertTrue(order.subList(0, i).contains(dep), order.get(i) + " needs " + dep + " first: " + order);
            }
        }
    }
}
