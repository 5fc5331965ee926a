package dev.twinroot.updater.install;

/** A journal or status file on the data partition is not what this version writes. */
public final class RecordFormatException extends InstallException {

    public RecordFormatException(String message) {
        super(message);
    }
}
