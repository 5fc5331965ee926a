package dev.twinroot.supervisor.cli;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * A device of files for command tests, in {@code dir}: a development CA and a keyring holding it, slots A and B
 * of 64 KiB of zeros, a file boot state with the defaults, and a signed full bundle of version 1.2.0 for
 * {@code test-board} carrying {@code image} (50,000 random bytes from {@code seed}).
 */
record FileSlots(DevelopmentCa ca, Path keyring, byte[] image, Path bundle, Path slotA, Path slotB, Path bootState) {

    static final String COMPATIBLE = "test-board";

    static FileSlots create(Path dir, long seed) throws IOException {
        DevelopmentCa ca = DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "cli test");
        Path keyring = Files.createDirectories(dir.resolve("keyring"));
        ca.writeTo(Files.createDirectories(dir.resolve("ca")));
        Files.copy(dir.resolve("ca").resolve(DevelopmentCa.CA_FILE), keyring.resolve(DevelopmentCa.CA_FILE));
        byte[] image = new byte[50_000];
        new Random(seed).nextBytes(image);
        Path img = Files.write(dir.resolve("rootfs.img"), image);
        Path bundle = dir.resolve("os-1.2.0.twb");
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, COMPATIBLE, Version.parse("1.2.0"), Optional.empty(),
                List.of(new PayloadPacker().packFull(img, "rootfs", Compression.ZSTD, dir.resolve("rootfs.zst"))),
                List.of(new CmsSigner(ca.signingKeyPair())));
        Path slotA = Files.write(dir.resolve("a.img"), new byte[64 * 1024]);
        Path slotB = Files.write(dir.resolve("b.img"), new byte[64 * 1024]);
        Path bootState = dir.resolve("boot-state.env");
        new FileBootStateStore(bootState).initialize(BootState.defaults());
        return new FileSlots(ca, keyring, image, bundle, slotA, slotB, bootState);
    }

    /**
     * A signed delta bundle of {@code image} from a source the running slot does not hold ({@code image} padded to
     * the slot's 64 KiB, where slot A is zeros): an install must refuse it before writing anything.
     */
    Path deltaFromAnotherSource(Path dir) throws IOException {
        Path old = Files.write(dir.resolve("old.img"), Arrays.copyOf(image, 64 * 1024));
        Path img = Files.write(dir.resolve("new.img"), image);
        Path delta = dir.resolve("os-1.2.0-delta.twb");
        new BundleWriter(BundleLimits.DEFAULT).create(delta, COMPATIBLE, Version.parse("1.2.0"), Optional.empty(),
                List.of(new PayloadPacker().packDelta(old, img, "rootfs", dir.resolve("rootfs.delta"),
                        DeltaGenerator.Options.defaults())), List.of(new CmsSigner(ca.signingKeyPair())));
        return delta;
    }

    /** The updater's part of {@code system.json} for these files, with {@code dataDir} and the API's socket and token. */
    String systemJson(Path dataDir, Path socket, Path tokenFile) {
        return """
                {"formatVersion": 1, "compatible": "%s", "api": {"socket": "%s", "tokenFile": "%s"},
                 "slots": {"A": {"file": "%s"}, "B": {"file": "%s"}},
                 "bootControl": {"backend": "file", "path": "%s"},
                 "keyring": "%s", "dataDir": "%s"}
                """.formatted(COMPATIBLE, socket, tokenFile, slotA, slotB, bootState, keyring, dataDir);
    }
}
