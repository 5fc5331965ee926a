package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;

/** The image config file is malformed, names an unknown field, or a value out of range: the user must fix it. */
public final class ImageConfigException extends ImageException {
    public ImageConfigException(String message) {
        super(message);
    }
}
