package dev.twinroot.qemu.product;

import dev.twinroot.image.build.DevKeys;
import dev.twinroot.image.channel.ChannelPublisher;
import dev.twinroot.updater.signing.ClockPolicy;
import dev.twinroot.updater.signing.CmsVerifier;
import dev.twinroot.updater.signing.Keyring;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The update channel of the product scenarios, as a fleet's server holds it: the releases' full bundles published
 * with the project's own publisher (the code behind {@code twinroot channel publish}), signed with the key the
 * releases are signed with, checked against the keyring the devices carry (the releases' CA). Published once
 * next to the releases into {@code channels/<ids>/} and again only when one of the releases was rebuilt.
 *
 * @param directory the channel directory: {@code index.json}, {@code index.json.sig}, {@code bundles/}, {@code deltas/}
 * @param publishedNow false when an earlier run's channel of the same releases was taken as it was
 */
public record ReleaseChannel(Path directory, boolean publishedNow) {

    /** Delta bundles to the newest release from this many earlier ones, the publisher's default. */
    static final int KEEP = 3;

    /** The channel holding {@code releases} (oldest first), published now unless it is up to date. */
    public static ReleaseChannel publish(Releases all, List<Release> releases) throws IOException {
        Path keys = all.caCertificate().getParent();
        Path home = keys.resolveSibling("channels");
        Path directory = home.resolve(String.join("-", releases.stream().map(Release::name).toList()));
        StringBuilder key = new StringBuilder();
        List<Path> bundles = new ArrayList<>();
        for (Release r : releases) {
            key.append(r.name()).append(':').append(Files.readString(r.directory().resolve("key"))).append('\n');
            bundles.add(r.fullBundle());
        }
        Path keyFile = directory.resolve(".key");
        if (Files.isRegularFile(keyFile) && Files.readString(keyFile).contentEquals(key)) {
            // Publishing again is cheap for the deltas (kept when unchanged), not for the bundles: every release
            // bundle is read and verified. The key says nothing changed since.
            return new ReleaseChannel(directory, false);
        }
        Files.deleteIfExists(keyFile);
        Path keyring = Files.createDirectories(home.resolve("keyring"));
        Files.copy(all.caCertificate(), keyring.resolve("ca.pem"), StandardCopyOption.REPLACE_EXISTING);
        ChannelPublisher publisher = new ChannelPublisher(new DevKeys(keys).signingKey(),
                new CmsVerifier(Keyring.load(keyring), ClockPolicy.system()), KEEP);
        publisher.publish(bundles, directory);
        Files.writeString(keyFile, key);
        return new ReleaseChannel(directory, true);
    }

    public Path index() {
        return directory.resolve(ChannelPublisher.INDEX);
    }
}
