package dev.twinroot.supervisor.classdata;

import com.sun.net.httpserver.HttpServer;
import dev.twinroot.delta.DeltaGenerator;
import dev.twinroot.platform.Platform;
import dev.twinroot.supervisor.cli.TwinrootCtl;
import dev.twinroot.updater.bootcontrol.BootState;
import dev.twinroot.updater.bootcontrol.FileBootStateStore;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Compression;
import dev.twinroot.updater.bundle.ManifestSigner;
import dev.twinroot.updater.bundle.PayloadPacker;
import dev.twinroot.updater.bundle.Version;
import dev.twinroot.updater.config.SystemConfigParser;
import dev.twinroot.updater.contract.Slot;
import dev.twinroot.updater.install.Device;
import dev.twinroot.updater.install.InstallProgress;
import dev.twinroot.updater.install.SlotPreparation;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * The training run behind the class list an image ships for its class-data archive, as the JDK's own build runs
 * a small program to list the classes of its default archive. The device's daemon lists the classes of its start
 * ({@link ClassDataArchive}); what {@code twinrootctl} and an install load besides (picocli, the JDK's HTTP client,
 * Bouncy Castle's CMS, the delta applier, JNA) it loads only later, or in another JVM, so the image builder runs
 * this on the build host and ships the list ({@code usr/lib/twinroot/twinroot-supervisor.classlist}); the
 * device's {@code class-data make} adds it to the daemon's.
 *
 * <p>Two steps, two JVMs, so that only the second one's classes are listed:
 * {@code prepare DIR} makes the fixtures (a throwaway CA, a full and a delta bundle of a small image, file slots,
 * a configuration); {@code exercise DIR}, run with {@code -XX:DumpLoadedClassList}, prints every command's help,
 * installs both bundles over HTTP from a local server into the file slots, and reads the status from the records.
 * Nothing outside {@code DIR} is touched: the installs run with no slot preparation (the class-data step of a
 * real install mounts the slot it wrote).
 */
public final class ClassListTraining {

    static final String COMPATIBLE = "class-list-training";
    private static final int IMAGE_BYTES = 1 << 20;

    private ClassListTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !List.of("prepare", "exercise").contains(args[0])) {
            System.err.println("usage: ClassListTraining prepare|exercise DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("prepare")) {
            prepare(dir);
        } else {
            exercise(dir);
        }
        System.exit(0);
    }

    static void prepare(Path dir) throws IOException {
        Files.createDirectories(dir);
        DevelopmentCa ca = DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, Instant.now(), "class-list training");
        Path keyring = Files.createDirectories(dir.resolve("keyring"));
        Path caDir = Files.createDirectories(dir.resolve("ca"));
        ca.writeTo(caDir);
        Files.copy(caDir.resolve(DevelopmentCa.CA_FILE), keyring.resolve(DevelopmentCa.CA_FILE));
        byte[] old = new byte[IMAGE_BYTES];
        new Random(1).nextBytes(old);
        // The next image: one block changed, one zeroed, so that the delta has copies, new data and zeros.
        byte[] next = old.clone();
        byte[] changed = new byte[4096];
        new Random(2).nextBytes(changed);
        System.arraycopy(changed, 0, next, IMAGE_BYTES / 2, changed.length);
        System.arraycopy(new byte[4096], 0, next, IMAGE_BYTES / 4, 4096);
        Path oldImage = Files.write(dir.resolve("old.img"), old);
        Path nextImage = Files.write(dir.resolve("next.img"), next);
        BundleWriter writer = new BundleWriter(BundleLimits.DEFAULT);
        PayloadPacker packer = new PayloadPacker();
        List<ManifestSigner> signers = List.of(new CmsSigner(ca.signingKeyPair()));
        writer.create(dir.resolve("full.twb"), COMPATIBLE, Version.parse("2.0.0"), Optional.empty(),
                List.of(packer.packFull(nextImage, "rootfs", Compression.ZSTD, dir.resolve("rootfs.zst"))), signers);
        writer.create(dir.resolve("delta.twb"), COMPATIBLE, Version.parse("2.0.0"), Optional.empty(),
                List.of(packer.packDelta(oldImage, nextImage, "rootfs", dir.resolve("rootfs.delta"),
                        DeltaGenerator.Options.defaults())), signers);
        Files.write(dir.resolve("a.img"), old);
        Files.write(dir.resolve("b.img"), new byte[IMAGE_BYTES]);
        Files.writeString(dir.resolve("cmdline"), "twinroot.slot=A\n");
        Files.writeString(dir.resolve("system.json"), """
                {"formatVersion": 1, "compatible": "%s",
                 "slots": {"A": {"file": "%s"}, "B": {"file": "%s"}},
                 "bootControl": {"backend": "file", "path": "%s"},
                 "keyring": "%s", "dataDir": "%s",
                 "api": {"socket": "%s", "tokenFile": "%s"}}
                """.formatted(COMPATIBLE, dir.resolve("a.img"), dir.resolve("b.img"), dir.resolve("boot-state.env"),
                keyring, dir.resolve("data"), dir.resolve("no-daemon.sock"), dir.resolve("api-token")));
    }

    static void exercise(Path dir) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        try {
            for (String command : List.of("daemon", "status", "install", "check-update", "mark-good", "mark-bad",
                    "rollback", "apps")) {
                TwinrootCtl.execute(command, "--help");
            }
            TwinrootCtl.execute("--version");
            TwinrootCtl.execute("--no-such-option");
            String config = dir.resolve("system.json").toString();
            Path bootState = dir.resolve("boot-state.env");
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            for (String bundle : List.of("full.twb", "delta.twb")) {
                byte[] bytes = Files.readAllBytes(dir.resolve(bundle));
                server.createContext("/" + bundle, exchange -> {
                    exchange.sendResponseHeaders(200, bytes.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(bytes);
                    }
                });
            }
            server.start();
            try {
                for (String bundle : List.of("delta.twb", "full.twb")) {
                    new FileBootStateStore(bootState).initialize(BootState.defaults());
                    Device device = Device.running(new SystemConfigParser().read(Path.of(config)), Platform.linux(),
                            Slot.A);
                    device.installer(Platform.linux(), InstallProgress.NONE, UnaryOperator.identity(),
                            SlotPreparation.NONE).install("http://127.0.0.1:" + server.getAddress().getPort() + "/"
                            + bundle);
                }
            } finally {
                server.stop(0);
            }
            TwinrootCtl.execute("status", "--config", config);
            TwinrootCtl.execute("status", "--json", "--config", config);
            TwinrootCtl.execute("install", "--config", config, "--cmdline", dir.resolve("cmdline").toString(),
                    dir.resolve("missing.twb").toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
