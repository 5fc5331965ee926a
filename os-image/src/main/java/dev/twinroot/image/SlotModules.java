package dev.twinroot.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Trims a rootfs's kernel module tree to what a device needs. Debian's arm64 kernel ships drivers for every
 * board it supports (292 MiB of modules in a 648 MiB rootfs); a slot keeps only the closure of the drivers
 * asked for (dependencies and soft dependencies included, computed by {@link ModuleClosure}) plus the
 * {@code modules.*} index files, so a slot partition stays small and deltas stay small.
 */
public final class SlotModules {

    /**
     * What trimming left.
     *
     * @param kept the modules kept, in load order
     * @param absent optional drivers the kernel does not have
     * @param removedFiles module files deleted
     * @param removedBytes their size
     */
    public record Trim(List<String> kept, List<String> absent, int removedFiles, long removedBytes) {
        public Trim {
            kept = List.copyOf(kept);
            absent = List.copyOf(absent);
        }
    }

    private final ModuleRequest request;

    public SlotModules(ModuleRequest request) {
        this.request = request;
    }

    /** The drivers a QEMU or Raspberry Pi device loads after boot, besides what the initramfs loads. */
    public static ModuleRequest defaults() {
        ModuleRequest boot = ModuleRequest.defaults();
        List<String> required = Stream.concat(boot.required().stream(),
                Stream.of("virtio_net", "virtio_rng", "softdog", "vfat")).distinct().toList();
        List<String> optional = Stream.concat(boot.optional().stream(),
                Stream.of("virtio_mmio", "virtio_console", "bcm2835_wdt", "genet", "brcmfmac", "fuse")).distinct()
                .filter(n -> !required.contains(n)).toList();
        return new ModuleRequest(required, optional);
    }

    /** Deletes every module file of {@code rootfs}'s kernel that the request's closure does not need. */
    public Trim apply(Rootfs rootfs) throws IOException {
        Path moduleDir = moduleDir(rootfs);
        LoadPlan plan = ModuleClosure.of(moduleDir).resolve(request);
        Set<Path> keep = new HashSet<>();
        for (KernelModule module : plan.loadOrder()) {
            keep.add(moduleDir.resolve(module.file()));
        }
        int removed = 0;
        long bytes = 0;
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                String name = p.getFileName().toString();
                boolean module = name.endsWith(".ko") || name.endsWith(".ko.xz") || name.endsWith(".ko.zst");
                if (module && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !keep.contains(p)) {
                    bytes += Files.size(p);
                    Files.delete(p);
                    removed++;
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !p.equals(moduleDir)) {
                    try (Stream<Path> children = Files.list(p)) {
                        if (children.findAny().isEmpty()) {
                            Files.delete(p);
                        }
                    }
                }
            }
        }
        return new Trim(plan.names(), plan.absent(), removed, bytes);
    }

    private static Path moduleDir(Rootfs rootfs) throws ImageException {
        for (String base : List.of("lib/modules/", "usr/lib/modules/")) {
            Path dir = rootfs.tree().resolve(base + rootfs.kernelVersion());
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                return dir;
            }
        }
        throw new ImageException("rootfs " + rootfs.tree() + ": kernel " + rootfs.kernelVersion() + " has no module tree");
    }
}
