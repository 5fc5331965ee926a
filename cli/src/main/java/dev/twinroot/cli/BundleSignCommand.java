package dev.twinroot.cli;

import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.signing.CmsSigner;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot bundle sign}: add a signature next to the existing ones, e.g. during a key rotation. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = {"Add one more signature over the bundle's unchanged manifest. Existing signatures and payloads"
                + " are kept byte for byte; the file is rewritten atomically."},
        footer = {"", "Example:", "  twinroot bundle sign update.twb --key new/signing.key --cert new/signing.pem"})
final class BundleSignCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle to sign.")
    Path file;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key to sign with.")
    Path key;

    @Option(names = "--cert", required = true, paramLabel = "CERT", description = "PEM signing certificate (+ intermediates).")
    Path cert;

    @Override
    public Integer call() throws IOException {
        SigningKey signingKey = SigningKey.load(key, cert);
        BundleWriter writer = new BundleWriter(BundleLimits.DEFAULT);
        writer.addSignature(file, new CmsSigner(signingKey));
        int count = writer.readHeader(file).signatureCount();
        spec.commandLine().getOut().println(file + ": added signature " + count + " of " + count + " by "
                + signingKey.certificate().getSubjectX500Principal().getName());
        return 0;
    }
}
