package dev.twinroot.image.channel;

import dev.twinroot.image.ImageException;

/** The release bundles given cannot make a channel: not full bundles, two of the same version, no bundle. */
public final class ChannelPublishException extends ImageException {
    private static final long serialVersionUID = 1L;

    public ChannelPublishException(String message) {
        super(message);
    }
}
