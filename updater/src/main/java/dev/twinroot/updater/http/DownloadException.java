package dev.twinroot.updater.http;

import java.io.IOException;

/** A download failed for good: retries used up, or the server answered something we must not retry. */
public class DownloadException extends IOException {

    public DownloadException(String message) {
        super(message);
    }

    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
