package dev.twinroot.cli;

import dev.twinroot.image.PackageCache;
import dev.twinroot.image.build.BuildManifest;
import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.build.ImageBuilder;
import dev.twinroot.image.build.ImageConfig;
import dev.twinroot.image.build.ImageConfigReader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot image build}: a disk image, its slot image, bundles and manifest from a config. */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        description = {"Build disk.img, slot.img, update.bundle and manifest.json in OUTDIR from CONFIG (JSON or"
                + " YAML; without it the built-in default: qemu-arm64, Debian arm64, U-Boot, ext4 slots). Bundles are"
                + " signed with the development key in $XDG_CONFIG_HOME/twinroot/dev-keys (created on first use)"
                + " unless --keys names another directory holding signing.key and signing.pem."},
        footer = {"", "Examples:", "  twinroot image build -o out/default",
            "  twinroot image build image.yaml -o out/1.1.0 --previous out/default --compress"})
final class ImageBuildCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "CONFIG", description = "Image config, JSON or YAML (.yaml/.yml).")
    Path config;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUTDIR", description = "Directory for the outputs.")
    Path output;

    @Option(names = "--previous", paramLabel = "OLD_OUTDIR",
            description = "An earlier build's OUTDIR: also write update-delta.bundle from its slot.img.")
    Path previous;

    @Option(names = "--compress", description = "Also write disk.img.zst.")
    boolean compress;

    @Option(names = "--keys", paramLabel = "DIR",
            description = "Signing key directory (ca.pem, signing.key, signing.pem); created with a new development CA if empty.")
    Path keys;

    @Option(names = "--supervisor-jar", paramLabel = "JAR",
            description = "Supervisor jar to install, with the lib/*.jar beside it that its manifest names"
                    + " (default: supervisor/target/twinroot-supervisor.jar of this checkout).")
    Path supervisorJar;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        ImageConfig c = config == null ? ImageConfig.defaults() : new ImageConfigReader().read(config);
        Optional<String> epoch = Optional.ofNullable(System.getenv("SOURCE_DATE_EPOCH")).filter(s -> !s.isBlank());
        if (epoch.isPresent()) {
            try {
                c = c.withEpoch(Long.parseLong(epoch.get().strip()));
            } catch (NumberFormatException e) {
                throw new IOException("SOURCE_DATE_EPOCH: expected seconds since 1970, found '" + epoch.get() + "'");
            }
        }
        DevKeys devKeys = keys == null ? DevKeys.defaultLocation(System.getenv()) : new DevKeys(keys);
        Optional<Path> jar = Optional.ofNullable(supervisorJar).or(ImageBuildCommand::checkoutSupervisorJar);
        BuildManifest m = new ImageBuilder(line -> spec.commandLine().getOut().println(line))
                .build(new ImageBuilder.Request(c, output, jar, Optional.ofNullable(previous), compress, devKeys,
                        PackageCache.defaultLocation()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        spec.commandLine().getOut().printf("built %s %s for %s in %d s; supervisor %s%n", m.compatible(), m.version(),
                m.machine(), took.toSeconds(), m.supervisor());
        return 0;
    }

    /** {@code supervisor/target/twinroot-supervisor.jar} of the checkout this twinroot runs from (cli/target/...). */
    private static Optional<Path> checkoutSupervisorJar() {
        try {
            Path self = Path.of(ImageBuildCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = self.getParent().getParent().getParent();
            return Optional.ofNullable(root).map(r -> r.resolve("supervisor/target/twinroot-supervisor.jar"));
        } catch (URISyntaxException | NullPointerException | SecurityException e) {
            return Optional.empty();
        }
    }
}
