package dev.twinroot.updater.testing;

import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.ManifestSigner;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Builds real bundle files through the production writer. */
public final class TestBundles {

    public static final String COMPATIBLE = "twinroot-qemu-arm64";

    private TestBundles() {}

    /** Bytes that compress a little but not to nothing: some repetition, some noise. */
    public static byte[] image(long seed, int size) {
        Random r = new Random(seed);
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (i / 64) % 3 == 0 ? (byte) r.nextInt() : (byte) (i % 251);
        }
        return b;
    }

    public record Slot(String slotClass, byte[] image, Compression compression) {}

    public static Path write(Path dir, String name, String compatible, String version, Optional<String> minimum,
            List<Slot> slots, List<ManifestSigner> signers) throws IOException {
        PayloadPacker packer = new PayloadPacker();
        List<PackedPayload> packed = new ArrayList<>();
        for (Slot s : slots) {
            Path img = dir.resolve(name + "." + s.slotClass() + ".img");
            Files.write(img, s.image());
            packed.add(packer.packFull(img, s.slotClass(), s.compression(), dir.resolve(name + "." + s.slotClass() + ".stored")));
        }
        Path out = dir.resolve(name + ".twb");
        new BundleWriter(BundleLimits.DEFAULT).create(out, compatible, Version.parse(version),
                minimum.map(Version::parse), packed, signers);
        return out;
    }

    public static Path simple(Path dir, String name, ManifestSigner signer, byte[] rootfs) throws IOException {
        return write(dir, name, COMPATIBLE, "1.2.0", Optional.empty(),
                List.of(new Slot("rootfs", rootfs, Compression.ZSTD)), List.of(signer));
    }
}
