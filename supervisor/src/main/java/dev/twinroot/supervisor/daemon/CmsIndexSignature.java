package dev.twinroot.supervisor.daemon;

import dev.twinroot.supervisor.agent.ChannelException;
import dev.twinroot.supervisor.agent.IndexSignatureCheck;
import dev.twinroot.updater.bundle.BundleSignatureException;
import dev.twinroot.updater.signing.CmsVerifier;
import java.util.List;

/**
 * The channel index's detached CMS signature, checked by the updater's bundle verifier against the device's
 * keyring: whoever may sign bundles for this device may sign its channel index, and nobody else.
 */
final class CmsIndexSignature implements IndexSignatureCheck {

    private final CmsVerifier verifier;

    CmsIndexSignature(CmsVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void verify(byte[] index, byte[] signature) throws ChannelException.Untrusted {
        try {
            verifier.verify(index, List.of(signature));
        } catch (BundleSignatureException e) {
            // The verifier speaks of manifests; here the signed bytes are the index.
            throw new ChannelException.Untrusted("channel index signature (index.json.sig): "
                    + e.getMessage().replace("on the manifest", "on the index")
                            .replace("match the manifest", "match the index"), e);
        }
    }
}
