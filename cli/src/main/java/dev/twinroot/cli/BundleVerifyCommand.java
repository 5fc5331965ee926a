package dev.twinroot.cli;

import dev.twinroot.updater.bundle.BundleReader;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.VerifiedPayload;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code twinroot bundle verify}: exactly what a device checks before installing, minus the device-specific
 * policy. Reads front to back like a device does, so {@code -} (stdin) works as well as a file.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {"Check that a bundle is signed by a certificate chaining to a CA in the keyring directory and"
                + " that every payload matches its size and SHA-256 (stored and decompressed). Exit 0 only then."},
        footer = {"", "Example:", "  twinroot bundle verify update.twb --keyring keyring/",
            "  curl -s http://server/update.twb | twinroot bundle verify - --keyring keyring/"})
final class BundleVerifyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle file, or - for standard input.")
    String file;

    @Option(names = "--keyring", required = true, paramLabel = "DIR",
            description = "Directory of trusted CA certificates (*.pem, *.crt).")
    Path keyring;

    @Override
    public Integer call() throws IOException {
        CmsVerifier verifier = new CmsVerifier(Keyring.load(keyring), ClockPolicy.system());
        try (InputStream in = new BufferedInputStream(file.equals("-") ? System.in : Files.newInputStream(Path.of(file)), 1 << 16);
                BundleReader bundle = BundleReader.open(in, verifier)) {
            Manifest m = bundle.manifest().manifest();
            List<VerifiedPayload> verified = bundle.verifyRemaining();
            spec.commandLine().getOut().println(file + ": valid bundle for " + m.compatible() + " version " + m.version()
                    + ", signed by " + bundle.manifest().signer().subject() + ", " + verified.size() + " payload"
                    + (verified.size() == 1 ? "" : "s") + " verified");
        }
        return 0;
    }
}
