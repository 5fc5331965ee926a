package dev.twinroot.cli;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.DeltaSource;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Sha256;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code twinroot bundle create}. No {@code mixinStandardHelpOptions}: its {@code -V/--version} would collide
 * with the bundle's {@code --version}, so only {@code -h/--help} is declared.
 */
@Command(
        name = "create",
        description = {"Create a signed bundle from slot images (compressed with zstd by default) and/or prebuilt"
                + " deltas. Payloads go in the order given.",
            "With --delta-from, the one --slot-image is shipped as a block-level delta from the old image instead."},
        footer = {"", "Examples:", "  twinroot bundle create --compatible qemu-arm64 --version 1.4.0 \\",
            "      --slot-image rootfs=rootfs.ext4 --key keys/signing.key --cert keys/signing.pem -o update.twb",
            "  twinroot bundle create --compatible qemu-arm64 --version 1.4.0 \\",
            "      --slot-image rootfs=rootfs.ext4 --delta-from rootfs-1.3.0.ext4 \\",
            "      --key keys/signing.key --cert keys/signing.pem -o update-from-1.3.0.twb"})
final class BundleCreateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Option(names = "--compatible", required = true, paramLabel = "STR", description = "Device type the bundle is for.")
    String compatible;

    @Option(names = "--version", required = true, paramLabel = "VER", description = "Version the device runs after the update.")
    String version;

    @Option(names = "--min-version", paramLabel = "VER",
            description = "Lowest version a device must already run to install this bundle.")
    String minVersion;

    @Option(names = "--slot-image", paramLabel = "CLASS=IMAGE", mapFallbackValue = "",
            description = "A full image for a slot class, e.g. rootfs=rootfs.ext4 (repeatable).")
    Map<String, Path> images = new LinkedHashMap<>();

    @Option(names = "--compression", paramLabel = "ALG", defaultValue = "zstd",
            description = "For --slot-image payloads: zstd (default), xz or none.")
    String compression;

    @Option(names = "--delta-from", paramLabel = "OLD_IMAGE",
            description = "Make the one --slot-image a delta from this old image: the bundle installs only on a"
                    + " device whose running slot holds exactly OLD_IMAGE.")
    Path deltaFrom;

    @Option(names = "--delta-format-version", paramLabel = "N", defaultValue = "3",
            description = "With --delta-from: the delta format version to write, 3 (default) or 2 (for devices whose"
                    + " twinroot reads version 2 only).")
    int deltaFormatVersion;

    @Option(names = "--slot-delta", paramLabel = "CLASS=DELTAFILE",
            description = "Attach a delta produced by the delta engine, e.g. rootfs=update.delta.")
    Map<String, Path> deltas = new LinkedHashMap<>();

    @Option(names = "--delta-source-sha256", paramLabel = "HEX", description = "SHA-256 of the image the delta applies to.")
    String sourceSha;

    @Option(names = "--delta-source-size", paramLabel = "BYTES", description = "Size of the image the delta applies to.")
    Long sourceSize;

    @Option(names = "--delta-target-sha256", paramLabel = "HEX", description = "SHA-256 of the image the delta rebuilds.")
    String targetSha;

    @Option(names = "--delta-target-size", paramLabel = "BYTES", description = "Size of the image the delta rebuilds.")
    Long targetSize;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key to sign with.")
    Path key;

    @Option(names = "--cert", required = true, paramLabel = "CERT",
            description = "PEM signing certificate, optionally followed by intermediate CA certificates.")
    Path cert;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "Bundle file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (deltaFormatVersion != 2 && deltaFormatVersion != 3) {
            throw usage("--delta-format-version " + deltaFormatVersion + ": this twinroot writes versions 2 and 3");
        }
        if (deltaFrom != null) {
            checkDeltaFrom();
        }
        if (images.isEmpty() && deltas.isEmpty()) {
            throw usage("give at least one --slot-image or --slot-delta");
        }
        Compression c = Compression.fromWireName(compression)
                .orElseThrow(() -> usage("--compression: expected zstd, xz or none, found '" + compression + "'"));
        Version v = parseVersion("--version", version);
        Optional<Version> min = minVersion == null ? Optional.empty() : Optional.of(parseVersion("--min-version", minVersion));
        // Everything a user can get wrong is checked here, before minutes of compression.
        check("--compatible", () -> Manifest.checkCompatible(compatible));
        for (String slot : images.keySet()) {
            check("--slot-image", () -> Payload.checkSlotClass(slot));
        }
        for (String slot : deltas.keySet()) {
            check("--slot-delta", () -> Payload.checkSlotClass(slot));
            if (images.containsKey(slot)) {
                throw usage("--slot-delta: slot class " + slot + " already has a --slot-image");
            }
        }
        if (min.isPresent() && min.get().compareTo(v) > 0) {
            throw usage("--min-version " + min.get() + " is above --version " + v);
        }
        if ((sourceSize != null && sourceSize < 0) || (targetSize != null && targetSize < 0)) {
            throw usage("--delta-source-size and --delta-target-size must be >= 0");
        }
        SigningKey signingKey = SigningKey.load(key, cert);
        Path work = Files.createTempDirectory(output.toAbsolutePath().getParent(), ".twinroot-bundle-");
        try {
            List<PackedPayload> payloads = new ArrayList<>();
            PayloadPacker packer = new PayloadPacker();
            for (Map.Entry<String, Path> e : images.entrySet()) {
                Path stored = work.resolve(e.getKey() + ".stored");
                payloads.add(deltaFrom == null ? packer.packFull(e.getValue(), e.getKey(), c, stored)
                        : packer.packDelta(deltaFrom, e.getValue(), e.getKey(), stored,
                                DeltaGenerator.Options.defaults().withFormatVersion(deltaFormatVersion)));
            }
            payloads.addAll(deltaPayloads(packer));
            new BundleWriter(BundleLimits.DEFAULT).create(output, compatible, v, min, payloads,
                    List.of(new CmsSigner(signingKey)));
            for (PackedPayload p : payloads) {
                spec.commandLine().getOut().printf("%s: %s %s, %d bytes stored, image %d bytes%s%n",
                        p.payload().slotClass(), p.payload().kind().wireName(), p.payload().compression().wireName(),
                        p.payload().size(), p.payload().imageSize(), p.payload().deltaSource()
                                .map(d -> ", applies to the " + d.size() + "-byte image with SHA-256 " + d.sha256().hex())
                                .orElse(""));
            }
            spec.commandLine().getOut().println("wrote " + output + " (" + Files.size(output) + " bytes), signed by "
                    + signingKey.certificate().getSubjectX500Principal().getName());
            return 0;
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** {@code --delta-from} turns the one {@code --slot-image} into a delta; it describes itself. */
    private void checkDeltaFrom() throws IOException {
        if (images.size() != 1 || !deltas.isEmpty()) {
            throw usage("--delta-from needs exactly one --slot-image (the new image) and no --slot-delta");
        }
        if (sourceSha != null || sourceSize != null || targetSha != null || targetSize != null) {
            throw usage("--delta-from measures the source and target itself: drop the --delta-* options");
        }
        if (!Files.isRegularFile(deltaFrom) || !Files.isReadable(deltaFrom)) {
            throw new IOException("--delta-from: " + deltaFrom + " is not a readable file");
        }
    }

    private List<PackedPayload> deltaPayloads(PayloadPacker packer) throws IOException {
        if (deltas.isEmpty()) {
            return List.of();
        }
        if (deltas.size() > 1) {
            throw usage("--slot-delta: one delta per bundle (the --delta-* options describe it)");
        }
        if (sourceSha == null || sourceSize == null || targetSha == null || targetSize == null) {
            throw usage("--slot-delta needs --delta-source-sha256, --delta-source-size, --delta-target-sha256 and"
                    + " --delta-target-size");
        }
        Map.Entry<String, Path> d = deltas.entrySet().iterator().next();
        return List.of(packer.packDelta(d.getValue(), d.getKey(),
                new DeltaSource(sourceSize, sha("--delta-source-sha256", sourceSha)), targetSize,
                sha("--delta-target-sha256", targetSha)));
    }

    private void check(String option, Runnable validation) {
        try {
            validation.run();
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private Sha256 sha(String option, String hex) {
        try {
            return Sha256.parse(hex);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": expected 64 hex digits");
        }
    }

    private Version parseVersion(String option, String text) {
        try {
            return Version.parse(text);
        } catch (IllegalArgumentException e) {
            throw usage(option + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
