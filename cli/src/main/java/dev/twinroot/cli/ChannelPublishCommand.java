package dev.twinroot.cli;

import dev.twinroot.image.channel.ChannelPublisher;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import dev.twinroot.updater.signing.SigningKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot channel publish}: release bundles in, a channel directory out. */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        description = {"Write a channel directory from full release bundles: for each device type (the bundles'"
                + " compatible), the newest release's bundle, delta bundles to it from up to --keep earlier releases,"
                + " and index.json with its detached CMS signature index.json.sig.",
            "The bundles are checked against --keyring first, and so is the index's signature once made: a channel"
                + " the devices would refuse is never published. Deltas already in the directory for the same two"
                + " images are kept."},
        footer = {"", "Example:", "  twinroot channel publish --key keys/signing.key --cert keys/signing.pem \\",
            "      --keyring keyring/ --out www/channels/stable --keep 2 os-1.0.0.twb os-1.1.0.twb os-1.2.0.twb"})
final class ChannelPublishCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--key", required = true, paramLabel = "KEY", description = "PEM private key to sign with.")
    Path key;

    @Option(names = "--cert", required = true, paramLabel = "CERT",
            description = "PEM signing certificate, optionally followed by intermediate CA certificates.")
    Path cert;

    @Option(names = "--keyring", required = true, paramLabel = "DIR",
            description = "The devices' keyring (CA certificates): the bundles and the index must verify against it.")
    Path keyring;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR",
            description = "The channel directory (created if missing); serve it as is.")
    Path out;

    @Option(names = "--keep", paramLabel = "N", defaultValue = "3",
            description = "Make deltas from the N releases before the newest (default: ${DEFAULT-VALUE}; 0: none).")
    int keep;

    @Parameters(arity = "1..*", paramLabel = "BUNDLE", description = "Full release bundles, in any order.")
    List<Path> bundles;

    @Override
    public Integer call() throws IOException {
        if (keep < 0 || keep > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--keep: expected 0..64 (the index lists at most 64 deltas), found " + keep);
        }
        ChannelPublisher publisher = new ChannelPublisher(SigningKey.load(key, cert),
                new CmsVerifier(Keyring.load(keyring), ClockPolicy.system()), keep);
        PrintWriter o = spec.commandLine().getOut();
        for (ChannelPublisher.Published p : publisher.publish(bundles, out)) {
            o.printf("%s %s: %s (%d bytes)%n", p.compatible(), p.version(), out.relativize(p.bundle()), p.bundleSize());
            for (ChannelPublisher.PublishedDelta d : p.deltas()) {
                o.printf("  delta from %s: %s (%d bytes%s)%n", d.from(), out.relativize(d.file()), d.size(),
                        d.reused() ? ", kept" : "");
            }
        }
        o.println("wrote " + out.resolve(ChannelPublisher.INDEX) + " and " + out.resolve(ChannelPublisher.SIGNATURE));
        o.flush();
        return 0;
    }
}
