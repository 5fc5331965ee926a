package dev.twinroot.image.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.twinroot.image.DebianPackage;
import dev.twinroot.image.DebianPackageSet;
import dev.twinroot.image.DebianPackageSource;
import dev.twinroot.image.DirectorySource;
import dev.twinroot.image.Ext4Image;
import dev.twinroot.image.ImageException;
import dev.twinroot.image.JavaTrustStore;
import dev.twinroot.image.ModuleRequest;
import dev.twinroot.image.PackageCache;
import dev.twinroot.image.Rootfs;
import dev.twinroot.image.RootfsBuilder;
import dev.twinroot.image.RootfsSource;
import dev.twinroot.image.SlotBootAreaWriter;
import dev.twinroot.image.SlotModules;
import dev.twinroot.image.SquashfsImage;
import dev.twinroot.image.ErofsImage;
import dev.twinroot.image.TarballSource;
import dev.twinroot.image.VfatImage;
import dev.twinroot.updater.contract.Partition;
import dev.twinroot.updater.contract.PartitionTable;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.contract.SlotFilesystemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a complete image from a config: the slot A filesystem (rootfs, trimmed modules, Twinroot's device
 * files), the boot and data filesystems, the partitioned {@code disk.img} with each filesystem written at its
 * partition's offset, {@code slot.img}, the signed {@code update.bundle} (and a delta bundle against a previous
 * build), and {@code manifest.json}. No loop device, no mount, no root needed.
 */
public final class ImageBuilder {

    /**
     * @param supervisorJar the supervisor jar to install, when it has been built
     * @param previous an earlier build's output directory, for {@code update-delta.bundle}
     * @param compress also write {@code disk.img.zst}
     */
    public record Request(ImageConfig config, Path outDir, Optional<Path> supervisorJar, Optional<Path> previous,
                          boolean compress, DevKeys keys, PackageCache cache) {
    }

    /** Debian's OCI runtime, which the supervisor runs application containers with. */
    static final String CONTAINER_RUNTIME = "runc";

    private final Consumer<String> log;

    /** @param log receives one line per step, for the user's terminal */
    public ImageBuilder(Consumer<String> log) {
        this.log = log;
    }

    public BuildManifest build(Request request) throws IOException {
        ImageConfig config = request.config();
        refuseUnsupported(config);
        if (!request.keys().exist()) {
            log.accept("creating a development signing key in " + request.keys().dir());
        }
        Path out = request.outDir();
        Files.createDirectories(out);
        Path work = out.resolve(".work");
        deleteTree(work);
        Files.createDirectories(work);
        try {
            return build(request, config, out, work);
        } finally {
            deleteTree(work);
        }
    }

    private BuildManifest build(Request request, ImageConfig config, Path out, Path work) throws IOException {
        long epoch = config.epoch();
        SourceChoice source = source(config, request.cache());
        log.accept("rootfs: " + source.source().describe());
        Rootfs rootfs = new RootfsBuilder(new RootfsBuilder.Options("twinroot", epoch, ModuleRequest.defaults(),
                RootfsBuilder.Options.defaults().excludes())).build(source.source(), work.resolve("rootfs"));
        ModuleRequest slotModules = config.modulesOrEmpty()
                .map(m -> new ModuleRequest(m, List.of())).orElse(SlotModules.defaults());
        SlotModules.Trim trim = new SlotModules(slotModules).apply(rootfs);
        log.accept("kernel " + rootfs.kernelVersion() + ": kept " + trim.kept().size() + " modules, removed "
                + trim.removedFiles() + " (" + (trim.removedBytes() >> 20) + " MiB)");
        String supervisor = new DeviceFiles(config, request.keys()).install(rootfs.tree(), request.supervisorJar(),
                work.resolve("class-list"));
        log.accept("supervisor: " + supervisor);
        log.accept(containerSupport(config, rootfs.tree()));
        JavaTrustStore.Result trust = new JavaTrustStore(config.tlsCaCertificates().stream().map(Path::of).toList())
                .install(rootfs.tree());
        log.accept("java trust store: " + (trust.stores().isEmpty() ? "none written (no JRE with a dangling cacerts)"
                : "/" + String.join(", /", trust.stores()) + ", " + trust.debianCertificates() + " Debian CA certificates + "
                + trust.extraCertificates() + " from tlsCaCertificates"));
        long used = treeBytes(rootfs.tree());

        long slotBytes = config.sizes().slotBytes();
        Path slot = out.resolve("slot.img");
        Files.deleteIfExists(slot);
        Path slotWork = work.resolve("slot.img");
        long slotImageBytes = buildSlot(config, rootfs, slotWork);
        log.accept("slot A: " + config.slotFilesystem() + ", " + (slotBytes >> 20) + " MiB partition, " + (used >> 20)
                + " MiB of files" + (slotImageBytes == slotBytes ? ""
                : ", image " + slotImageBytes + " bytes with the kernel's boot area"));

        Path bootTree = work.resolve("boot");
        if (config.bootloader().equals("grub")) {
            Map<Slot, Path> slotImages = new EnumMap<>(Slot.class);
            slotImages.put(Slot.A, slotWork);
            if (config.slotB().equals("copy")) {
                slotImages.put(Slot.B, slotWork);
            }
            BootPartition.writeGrub(bootTree, config.kernelArguments(), GrubModules.find(request.cache()),
                    slotFilesystemType(config), slotImages);
        } else {
            BootPartition.writeUBoot(bootTree, ImageLayout.bootScript(config), epoch);
        }
        if (DiskLayout.partitionTable(config) == PartitionTable.MBR) {
            List<DebianPackage> bootPackages = RaspberryPiBoot.write(bootTree, rootfs.tree(), rootfs.kernelVersion(),
                    request.cache(), work);
            log.accept("boot partition: Raspberry Pi firmware and U-Boot from " + bootPackages.stream()
                    .filter(p -> RaspberryPiBoot.PACKAGES.packages().contains(p.name()))
                    .map(p -> p.name() + " " + p.version()).collect(Collectors.joining(", ")));
        }
        Path bootImage = work.resolve("boot.img");
        new VfatImage(new VfatImage.Options("BOOT", (int) uuid(config, "boot").getMostSignificantBits(),
                config.sizes().bootBytes(), epoch)).build(bootTree, bootImage);
        Path dataImage = work.resolve("data.img");
        Path emptyTree = Files.createDirectories(work.resolve("data"));
        new Ext4Image(new Ext4Image.Options(Partition.DATA.label(), uuid(config, "data"), uuid(config, "data-hash"),
                epoch, OptionalLong.of(config.sizes().dataBytes()))).build(emptyTree, dataImage);

        Map<Partition, Path> contents = new TreeMap<>();
        contents.put(Partition.BOOT, bootImage);
        contents.put(Partition.ROOTFS_A, slotWork);
        if (config.slotB().equals("copy")) {
            contents.put(Partition.ROOTFS_B, slotWork);
        }
        contents.put(Partition.DATA, dataImage);
        Path disk = out.resolve("disk.img");
        new DiskAssembler().assemble(DiskLayout.of(config), contents, disk);
        Files.move(slotWork, slot, StandardCopyOption.REPLACE_EXISTING);
        log.accept("disk: " + disk + " (" + (Files.size(disk) >> 20) + " MiB, " + DiskLayout.of(config).table() + ")");

        List<Path> outputs = new ArrayList<>(List.of(disk, slot));
        UpdateBundles bundles = new UpdateBundles(config, request.keys().signingKey(), work);
        outputs.add(bundles.full(slot, out.resolve("update.bundle")));
        Path staleDelta = out.resolve("update-delta.bundle");
        Files.deleteIfExists(staleDelta);
        if (request.previous().isPresent()) {
            Path old = request.previous().get().resolve("slot.img");
            if (!Files.isRegularFile(old)) {
                throw new ImageException("--previous " + request.previous().get() + " has no slot.img");
            }
            outputs.add(bundles.delta(old, slot, staleDelta));
        }
        Path zst = out.resolve("disk.img.zst");
        Files.deleteIfExists(zst);
        if (request.compress()) {
            outputs.add(Compressed.zstd(disk, zst));
        }
        for (Path p : outputs) {
            log.accept("wrote " + p + " (" + Files.size(p) + " bytes)");
        }
        List<BuildManifest.Output> described = new ArrayList<>();
        for (Path p : outputs) {
            described.add(BuildManifest.Output.of(p));
        }
        BuildManifest manifest = new BuildManifest(config.version(), config.compatible(), config.machine(),
                config.bootloader(), config.slotFilesystem(), slotBytes, used, rootfs.kernelVersion(), trim.kept(),
                trim.removedFiles(), trim.removedBytes(), supervisor, source.source().describe(),
                source.packages().stream().map(p -> new BuildManifest.Package(p.name(), p.version(), p.architecture()))
                        .toList(), described, config);
        manifest.write(out.resolve("manifest.json"));
        log.accept("wrote " + out.resolve("manifest.json"));
        return manifest;
    }

    private static boolean isRunc(String pkg) {
        return pkg.equals(CONTAINER_RUNTIME) || pkg.startsWith(CONTAINER_RUNTIME + "=");
    }

    /** What the build says about the device's container runtime, the supervisor's {@code runc}. */
    static String containerSupport(ImageConfig config, Path tree) {
        for (String where : List.of("usr/sbin/runc", "usr/bin/runc")) {
            if (Files.isRegularFile(tree.resolve(where), LinkOption.NOFOLLOW_LINKS)) {
                return "containers: runc at /" + where;
            }
        }
        return config.containers()
                ? "containers: WARNING: no runc in this rootfs (usr/sbin, usr/bin): the device cannot run applications"
                : "containers: off (no runc in the slot; the supervisor's apps API says so)";
    }

    /**
     * The slot filesystem in {@code image}: ext4 exactly the partition's size; squashfs or erofs as small as their
     * files, followed by the boot area U-Boot loads the kernel from. Returns the image's length.
     */
    private static long buildSlot(ImageConfig config, Rootfs rootfs, Path image) throws IOException {
        long slotBytes = config.sizes().slotBytes();
        long epoch = config.epoch();
        SlotFilesystemType type = slotFilesystemType(config);
        switch (type) {
            case EXT4:
                new Ext4Image(new Ext4Image.Options(Slot.A.partition().label(), uuid(config, "slot-a"),
                        uuid(config, "slot-a-hash"), epoch, OptionalLong.of(slotBytes))).build(rootfs.tree(), image);
                return Files.size(image);
            case SQUASHFS:
                new SquashfsImage(epoch).build(rootfs.tree(), image);
                break;
            default:
                new ErofsImage(uuid(config, "slot-a"), epoch).build(rootfs.tree(), image);
                break;
        }
        long length = new SlotBootAreaWriter(type).append(image, rootfs.kernel(), rootfs.initramfs());
        if (length > slotBytes) {
            throw new ImageConfigException("sizes.slot " + (slotBytes >> 20) + " MiB: the " + type.kernelName()
                    + " slot image with its boot area is " + length + " bytes (" + ((length + (1 << 20) - 1) >> 20)
                    + " MiB); make sizes.slot larger");
        }
        return length;
    }

    static SlotFilesystemType slotFilesystemType(ImageConfig config) {
        return SlotFilesystemType.named(config.slotFilesystem()).orElseThrow(
                () -> new IllegalStateException("ImageConfig accepted slotFilesystem " + config.slotFilesystem()));
    }

    /** What this builder cannot produce yet, refused before minutes of work. */
    static void refuseUnsupported(ImageConfig config) throws ImageConfigException {
        if (config.bootloader().equals("grub") && config.machine().equals("raspberrypi4-64")) {
            throw new ImageConfigException("bootloader grub: the Raspberry Pi firmware boots U-Boot, not UEFI;"
                    + " use u-boot for machine raspberrypi4-64");
        }
    }

    private record SourceChoice(RootfsSource source, List<DebianPackage> packages) {
    }

    private static SourceChoice source(ImageConfig config, PackageCache cache) throws IOException {
        ImageConfig.RootfsConfig r = config.rootfs();
        switch (r.type()) {
            case "directory":
                return new SourceChoice(new DirectorySource(Path.of(r.path())), List.of());
            case "tarball":
                return new SourceChoice(new TarballSource(Path.of(r.path())), List.of());
            default:
                DebianPackageSet base = DebianPackageSet.bookwormArm64();
                List<String> packages = new ArrayList<>(base.packages());
                packages.addAll(r.extraPackages());
                if (config.containers() && packages.stream().noneMatch(ImageBuilder::isRunc)) {
                    // apt adds libseccomp2, the one library runc needs besides libc (its ELF NEEDED entries).
                    packages.add(CONTAINER_RUNTIME);
                }
                DebianPackageSource debian = new DebianPackageSource(new DebianPackageSet(base.suite(),
                        base.architecture(), base.sources(), packages), cache);
                return new SourceChoice(debian, debian.fetch().packages());
        }
    }

    /** UUIDs derived from the seed: the same config gives the same disk, byte for byte. */
    static UUID uuid(ImageConfig config, String purpose) {
        return UUID.nameUUIDFromBytes((config.seed() + "\n" + purpose).getBytes(StandardCharsets.UTF_8));
    }

    private static long treeBytes(Path tree) throws IOException {
        long total = 0;
        try (Stream<Path> walk = Files.walk(tree)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    total += Files.size(p);
                }
            }
        }
        return total;
    }

    static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(path)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        // A package may ship a read-only directory; its children cannot be deleted until it is writable.
        for (Path p : all) {
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                p.toFile().setWritable(true, true);
            }
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }

    static String json(Object value) throws IOException {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value) + "\n";
    }
}
