package dev.twinroot.image.build;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The bundles of a build, signed with the given key: the full slot image (zstd) and, against a previous
 * build's slot image, a delta made by the delta engine. The slot class is {@value #SLOT_CLASS}.
 */
final class UpdateBundles {
    static final String SLOT_CLASS = "rootfs";

    private final ImageConfig config;
    private final SigningKey key;
    private final Path work;

    UpdateBundles(ImageConfig config, SigningKey key, Path work) {
        this.config = config;
        this.key = key;
        this.work = work;
    }

    Path full(Path slot, Path bundle) throws IOException {
        PackedPayload payload = new PayloadPacker().packFull(slot, SLOT_CLASS, Compression.ZSTD,
                work.resolve("rootfs.zst"));
        write(bundle, payload);
        return bundle;
    }

    Path delta(Path oldSlot, Path newSlot, Path bundle) throws IOException {
        write(bundle, new PayloadPacker().packDelta(oldSlot, newSlot, SLOT_CLASS, work.resolve("rootfs.delta"),
                DeltaGenerator.Options.defaults()));
        return bundle;
    }

    private void write(Path bundle, PackedPayload payload) throws IOException {
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, config.compatible(), Version.parse(config.version()),
                Optional.empty(), List.of(payload), List.of(new CmsSigner(key)));
    }
}
