package dev.twinroot.qemu.product;

import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.image.PackageCache;
import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.build.ImageBuilder;
import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageConfigReader;
import dev.twinroot.image.build.SupervisorJar;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.PackedPayload;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.contract.BootContract;
import dev.twinroot.updater.signing.CmsSigner;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Builds the {@link ReleaseRecipe releases} the product scenarios need, once per directory: a release is rebuilt
 * only when its config, the supervisor jar or its previous release changed (a {@code key} file records what it
 * was built from). Scenarios running in parallel share one instance; the first to ask builds, the others wait.
 * All releases are signed with one development CA kept in {@code <directory>/keys}.
 */
public final class Releases {

    private final Path directory;
    private final Path supervisorJar;
    private final PackageCache cache;
    private final PrintWriter progress;
    private final Map<ReleaseRecipe, Release> built = new EnumMap<>(ReleaseRecipe.class);
    private final SettledDisks settled;

    public Releases(Path directory, Path supervisorJar, PackageCache cache, PrintWriter progress) {
        this.directory = directory.toAbsolutePath();
        this.supervisorJar = supervisorJar;
        this.cache = cache;
        this.progress = progress;
        this.settled = new SettledDisks(this.directory, progress);
    }

    /**
     * Releases built next to {@code logRoot} ({@code target/qemu-releases}), with the supervisor jar of the
     * checkout this code runs from ({@code supervisor/target/twinroot-supervisor.jar}).
     */
    public static Releases forCheckout(Path logRoot, PrintWriter progress) {
        Path root = checkoutRoot().orElse(Path.of("").toAbsolutePath());
        return new Releases(logRoot.toAbsolutePath().resolveSibling("qemu-releases"),
                root.resolve("supervisor/target/twinroot-supervisor.jar"), PackageCache.defaultLocation(), progress);
    }

    /** The release, built now if it is not up to date. */
    public synchronized Release get(ReleaseRecipe recipe) throws IOException {
        Release done = built.get(recipe);
        if (done != null) {
            return done;
        }
        if (!Files.isRegularFile(supervisorJar)) {
            throw new QemuException("no supervisor jar at " + supervisorJar
                    + ": build it first (mvn -B -pl supervisor -am package)");
        }
        Optional<Release> previous = recipe.previous().isPresent()
                ? Optional.of(get(recipe.previous().get())) : Optional.empty();
        Path out = directory.resolve(recipe.id());
        Path recipeDir = directory.resolve("recipes").resolve(recipe.id());
        String key = key(recipe, previous);
        Path keyFile = out.resolve("key");
        Release release = new Release(recipe.id(), recipe.version(), out);
        boolean upToDate = Files.isRegularFile(keyFile) && Files.readString(keyFile).equals(key)
                && Files.isRegularFile(release.disk()) && Files.isRegularFile(release.fullBundle())
                && (previous.isEmpty() || Files.isRegularFile(release.deltaBundle()));
        if (!upToDate) {
            long start = System.nanoTime();
            progress.println("building release " + recipe.id() + " (version " + recipe.version() + ")"
                    + previous.map(p -> " with a delta from " + p.name()).orElse("") + " into " + out);
            progress.flush();
            Files.deleteIfExists(keyFile);
            ImageConfig config = writeRecipe(recipe, recipeDir);
            List<String> log = new ArrayList<>();
            try {
                new ImageBuilder(log::add).build(new ImageBuilder.Request(config, out, Optional.of(supervisorJar),
                        previous.map(Release::directory), false, new DevKeys(directory.resolve("keys")), cache));
            } finally {
                Files.createDirectories(out);
                Files.write(out.resolve("build.log"), log);
            }
            Files.writeString(keyFile, key);
            progress.println("built release " + recipe.id() + " in " + (System.nanoTime() - start) / 1_000_000_000 + " s");
            progress.flush();
        }
        built.put(recipe, release);
        return release;
    }

    /**
     * The release's disk after a first boot, as a device in the field runs it when an update comes
     * ({@link SettledDisks}): booted in QEMU now if this build of the release has none. Not synchronized on this
     * object: other scenarios build other releases meanwhile.
     */
    public Path settledDisk(Release release) throws IOException {
        return settled.get(release);
    }

    /**
     * A correctly signed delta bundle to {@code target} made against {@code wrongSource}'s slot, for a device that
     * runs something else: the installer must refuse it before writing anything.
     */
    public synchronized Path deltaBetween(ReleaseRecipe wrongSource, ReleaseRecipe target) throws IOException {
        Release from = get(wrongSource);
        Release to = get(target);
        Path bundle = directory.resolve("deltas").resolve(from.name() + "-to-" + to.name() + ".bundle");
        Path key = bundle.resolveSibling(bundle.getFileName() + ".key");
        String expected = Files.readString(from.directory().resolve("key")) + Files.readString(to.directory().resolve("key"));
        if (Files.isRegularFile(bundle) && Files.isRegularFile(key) && Files.readString(key).equals(expected)) {
            return bundle;
        }
        Files.createDirectories(bundle.getParent());
        Path stored = bundle.resolveSibling(bundle.getFileName() + ".delta");
        PackedPayload payload = new PayloadPacker().packDelta(from.slotImage(), to.slotImage(), "rootfs", stored,
                DeltaGenerator.Options.defaults());
        ImageConfig config = new ImageConfigReader().parse(target.id(), target.config(), false);
        new BundleWriter(BundleLimits.DEFAULT).create(bundle, config.compatible(), Version.parse(config.version()),
                Optional.empty(), List.of(payload), List.of(new CmsSigner(new DevKeys(directory.resolve("keys")).signingKey())));
        Files.writeString(key, expected);
        return bundle;
    }

    /** The CA certificate every release trusts (its keyring) and is signed under. */
    public Path caCertificate() {
        return new DevKeys(directory.resolve("keys")).caCertificate();
    }

    private static ImageConfig writeRecipe(ReleaseRecipe recipe, Path dir) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, String> f : recipe.extraFiles().entrySet()) {
            Path file = dir.resolve("files" + f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path config = dir.resolve("image.json");
        Files.writeString(config, recipe.config());
        return new ImageConfigReader().read(config);
    }

    private String key(ReleaseRecipe recipe, Optional<Release> previous) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(recipe.config().getBytes(StandardCharsets.UTF_8));
            recipe.extraFiles().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    sha.update((e.getKey() + "\0" + e.getValue() + "\0").getBytes(StandardCharsets.UTF_8)));
            sha.update(SupervisorJar.open(supervisorJar).sha256().getBytes(StandardCharsets.US_ASCII));
            if (previous.isPresent()) {
                sha.update(Files.readString(previous.get().directory().resolve("key")).getBytes(StandardCharsets.UTF_8));
            }
            // The image builder itself: a changed builder (new init scripts...) must rebuild.
            sha.update(builderStamp().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is in every JDK", e);
        }
    }

    /**
     * The content of the image builder and of the updater (boot script, bundle format): a release is rebuilt when
     * their classes or resources change. Read from the class directories (Maven) or the entries' CRCs (a jar).
     */
    private static String builderStamp() throws IOException {
        StringBuilder stamp = new StringBuilder();
        Map<Class<?>, String> modules = Map.of(ImageBuilder.class, "dev/twinroot/image/", BootContract.class,
                "dev/twinroot/updater/");
        for (Map.Entry<Class<?>, String> module : modules.entrySet().stream()
                .sorted(Map.Entry.comparingByValue()).toList()) {
            Class<?> anchor = module.getKey();
            String prefix = module.getValue();
            Path where;
            try {
                where = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            } catch (URISyntaxException | SecurityException | NullPointerException e) {
                return "unknown";
            }
            if (Files.isDirectory(where)) {
                try (var walk = Files.walk(where.resolve(prefix))) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        stamp.append(where.relativize(p)).append(':').append(Arrays.hashCode(Files.readAllBytes(p))).append('\n');
                    }
                }
            } else {
                try (ZipFile jar = new ZipFile(where.toFile())) {
                    jar.stream().filter(e -> e.getName().startsWith(prefix)).sorted(Comparator.comparing(
                            ZipEntry::getName)).forEach(e -> stamp.append(e.getName()).append(':')
                            .append(e.getCrc()).append('\n'));
                }
            }
        }
        return stamp.toString();
    }

    /** The checkout root when running from {@code <root>/qemu-tests/target/classes} or {@code <root>/cli/target/twinroot.jar}. */
    static Optional<Path> checkoutRoot() {
        try {
            Path where = Path.of(Releases.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = where.getParent() == null || where.getParent().getParent() == null ? null
                    : where.getParent().getParent().getParent();
            return Optional.ofNullable(root).filter(r -> Files.isDirectory(r.resolve("supervisor")));
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
