package dev.twinroot.supervisor.agent;

/**
 * Checks a channel index against its detached CMS signature ({@code index.json.sig} next to it) with the
 * device's keyring. The updater's bundle signer/verifier implements the CMS part; the daemon's wiring adapts
 * it to this interface. Until that lands there is no implementation, and a daemon configured with a channel
 * refuses to start rather than trust an unsigned index.
 */
public interface IndexSignatureCheck {

    /** Returns normally only if {@code signature} is a valid signature of exactly {@code index} by a trusted key. */
    void verify(byte[] index, byte[] signature) throws ChannelException.Untrusted;
}
