package dev.twinroot.updater.http;

/** The file on the server changed between two requests of one download: its parts must not be spliced. */
public final class ChangedResourceException extends DownloadException {

    public ChangedResourceException(String message) {
        super(message);
    }
}
