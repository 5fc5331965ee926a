package dev.twinroot.image.channel;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.DeltaSource;
import dev.twinroot.updater.bundle.ManifestVerifier;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.SigningKey;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a channel directory from release bundles ({@code docs/formats/channel.md}): for each device type
 * ({@code compatible}), its newest release's full bundle under {@code bundles/}, delta bundles from up to
 * {@code keep} earlier releases to it under {@code deltas/}, and the index listing them, signed with the same
 * key as bundles. The deltas are made by the delta engine from the releases' images, as
 * {@code twinroot bundle create --delta-from} does; a delta already in the directory for the same two images
 * is kept, so republishing does not change files devices may be downloading.
 *
 * <p>The index is replaced last (its signature first), each by an atomic rename: a device polling meanwhile
 * sees the old index, or the new one, or for an instant a signature that does not match and retries.
 */
public final class ChannelPublisher {

    public static final String INDEX = "index.json";
    public static final String SIGNATURE = "index.json.sig";
    public static final String BUNDLES = "bundles";
    public static final String DELTAS = "deltas";
    /** The index's rule for device types and versions (stricter than a manifest's {@code compatible}). */
    private static final Pattern DEVICE_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_-]{0,63}");

    private final SigningKey key;
    private final ManifestVerifier verifier;
    private final int keep;

    /**
     * @param verifier checks the release bundles before anything is published, and the index's own signature
     *                 after signing: a key the devices' keyring does not trust would be refused by every device
     * @param keep how many releases before the newest get a delta to it
     */
    public ChannelPublisher(SigningKey key, ManifestVerifier verifier, int keep) {
        if (keep < 0) {
            throw new IllegalArgumentException("keep must be >= 0, found " + keep);
        }
        this.key = key;
        this.verifier = verifier;
        this.keep = keep;
    }

    /** What was published for one device type. */
    public record Published(String compatible, String version, Path bundle, long bundleSize, List<PublishedDelta> deltas) {
    }

    public record PublishedDelta(String from, Path file, long size, boolean reused) {
    }

    public List<Published> publish(List<Path> bundles, Path out) throws IOException {
        if (bundles.isEmpty()) {
            throw new ChannelPublishException("no release bundle given");
        }
        // Before anything is written: deltas and an index signed by a key the devices do not trust are useless.
        byte[] probe = "twinroot channel signing key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        verifier.verify(probe, List.of(new CmsSigner(key).sign(probe)));
        Map<String, List<ReleaseBundle>> byDevice = new TreeMap<>();
        for (Path b : bundles) {
            ReleaseBundle r = ReleaseBundle.read(b, verifier);
            check(DEVICE_TYPE, r.compatible(), b, "compatible");
            check(VERSION, r.version().toString(), b, "version");
            byDevice.computeIfAbsent(r.compatible(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<ReleaseBundle>> e : byDevice.entrySet()) {
            e.setValue(sorted(e.getValue()));
        }
        Files.createDirectories(out.resolve(BUNDLES));
        Files.createDirectories(out.resolve(DELTAS));
        Path work = Files.createTempDirectory(out, ".publish-");
        try {
            List<Published> published = new ArrayList<>();
            Map<String, ChannelIndexJson.Entry> entries = new TreeMap<>();
            for (Map.Entry<String, List<ReleaseBundle>> e : byDevice.entrySet()) {
                Published p = publishDevice(e.getValue(), out, work);
                published.add(p);
                entries.put(p.compatible(), entry(p, out));
            }
            writeIndex(ChannelIndexJson.encode(entries), out);
            return published;
        } finally {
            deleteTree(work);
        }
    }

    private static void check(Pattern rule, String value, Path bundle, String field) throws ChannelPublishException {
        if (!rule.matcher(value).matches()) {
            throw new ChannelPublishException(bundle + ": manifest " + field + " \"" + value + "\" cannot be a"
                    + " channel index key: expected " + rule.pattern());
        }
    }

    private static List<ReleaseBundle> sorted(List<ReleaseBundle> releases) throws ChannelPublishException {
        List<ReleaseBundle> s = new ArrayList<>(releases);
        s.sort(Comparator.comparing(ReleaseBundle::version));
        for (int i = 1; i < s.size(); i++) {
            if (s.get(i).version().compareTo(s.get(i - 1).version()) == 0) {
                throw new ChannelPublishException("two bundles of " + s.get(i).compatible() + " version "
                        + s.get(i).version() + ": " + s.get(i - 1).file() + " and " + s.get(i).file());
            }
        }
        return s;
    }

    private Published publishDevice(List<ReleaseBundle> releases, Path out, Path work) throws IOException {
        ReleaseBundle latest = releases.get(releases.size() - 1);
        String name = latest.compatible() + "-" + latest.version();
        Path bundle = out.resolve(BUNDLES).resolve(name + ".twb");
        if (!sameFile(latest.file(), bundle)) {
            Path tmp = Files.createTempFile(work, "bundle-", ".twb");
            Files.copy(latest.file(), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, bundle, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        List<PublishedDelta> deltas = new ArrayList<>();
        Optional<Path> latestImage = Optional.empty();
        for (int i = releases.size() - 2; i >= 0 && i >= releases.size() - 1 - keep; i--) {
            ReleaseBundle from = releases.get(i);
            Path delta = out.resolve(DELTAS).resolve(latest.compatible() + "-" + from.version() + "-"
                    + latest.version() + ".twb");
            if (DeltaRelease.matches(delta, from, latest, verifier)) {
                deltas.add(new PublishedDelta(from.version().toString(), delta, Files.size(delta), true));
                continue;
            }
            if (latestImage.isEmpty()) {
                latestImage = Optional.of(work.resolve("latest.img"));
                latest.extractImage(verifier, latestImage.get());
            }
            makeDelta(from, latest, latestImage.get(), delta, work);
            deltas.add(new PublishedDelta(from.version().toString(), delta, Files.size(delta), false));
        }
        return new Published(latest.compatible(), latest.version().toString(), bundle, Files.size(bundle), deltas);
    }

    private void makeDelta(ReleaseBundle from, ReleaseBundle to, Path toImage, Path delta, Path work)
            throws IOException {
        Path fromImage = work.resolve("from.img");
        Path raw = work.resolve("rootfs.delta");
        from.extractImage(verifier, fromImage);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(raw))) {
            DeltaGenerator.create(fromImage, toImage, o, DeltaGenerator.Options.defaults());
        }
        DeltaSource source = PayloadPacker.measureImage(fromImage);
        PackedPayload payload = new PayloadPacker().packDelta(raw, to.payload().slotClass(), source,
                to.payload().imageSize(), to.payload().imageSha256());
        Path tmp = work.resolve("delta.twb");
        new BundleWriter(BundleLimits.DEFAULT).create(tmp, to.compatible(), to.version(), Optional.empty(),
                List.of(payload), List.of(new CmsSigner(key)));
        Files.move(tmp, delta, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(fromImage);
        Files.delete(raw);
    }

    private static ChannelIndexJson.Entry entry(Published p, Path out) throws IOException {
        List<ChannelIndexJson.Delta> deltas = new ArrayList<>();
        for (PublishedDelta d : p.deltas()) {
            deltas.add(new ChannelIndexJson.Delta(d.from(), artifact(out, d.file())));
        }
        return new ChannelIndexJson.Entry(p.version(), artifact(out, p.bundle()), deltas);
    }

    private static ChannelIndexJson.Artifact artifact(Path out, Path file) throws IOException {
        DeltaSource m = PayloadPacker.measureImage(file);
        return new ChannelIndexJson.Artifact(out.relativize(file).toString().replace('\\', '/'), m.size(),
                m.sha256().hex());
    }

    private void writeIndex(byte[] index, Path out) throws IOException {
        byte[] signature = new CmsSigner(key).sign(index);
        // The devices check exactly this: refuse to publish an index they would all refuse.
        verifier.verify(index, List.of(signature));
        replace(out.resolve(SIGNATURE), signature);
        replace(out.resolve(INDEX), index);
    }

    private static void replace(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean sameFile(Path a, Path b) throws IOException {
        return Files.exists(b) && Files.size(a) == Files.size(b) && Files.mismatch(a, b) == -1;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
