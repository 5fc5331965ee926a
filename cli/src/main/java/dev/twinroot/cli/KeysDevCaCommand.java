package dev.twinroot.cli;

import dev.twinroot.updater.signing.DevelopmentCa;
import dev.twinroot.updater.signing.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code twinroot keys dev-ca}: a development CA and one signing certificate it issued. */
@Command(
        name = "dev-ca",
        mixinStandardHelpOptions = true,
        description = {"Create a development CA (ca.pem) and a code-signing key and certificate issued by it"
                + " (signing.key, signing.pem) in DIR. The CA's private key is not kept. Put ca.pem in the device"
                + " keyring; sign bundles with signing.key and signing.pem. Refuses to overwrite existing files."},
        footer = {"", "Example:", "  twinroot keys dev-ca --out keys/ --algorithm ed25519"})
final class KeysDevCaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write the files into.")
    Path out;

    @Option(names = "--algorithm", paramLabel = "ALG", defaultValue = "ecdsa-p256",
            description = "ecdsa-p256 (default), ed25519 or rsa (3072 bits).")
    String algorithm;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "twinroot",
            description = "Common name prefix of both certificates (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws IOException {
        KeyAlgorithm alg = KeyAlgorithm.fromCliName(algorithm).orElseThrow(() -> new CommandLine.ParameterException(
                spec.commandLine(), "--algorithm: expected ecdsa-p256, ed25519 or rsa, found '" + algorithm + "'"));
        DevelopmentCa ca = DevelopmentCa.generate(alg, Instant.now(), name);
        for (Path p : ca.writeTo(out)) {
            spec.commandLine().getOut().println("wrote " + p);
        }
        spec.commandLine().getOut().println("signing certificate " + ca.signingCertificate().getSubjectX500Principal().getName()
                + " valid until " + ca.signingCertificate().getNotAfter().toInstant());
        return 0;
    }
}
