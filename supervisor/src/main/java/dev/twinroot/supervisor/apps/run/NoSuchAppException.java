package dev.twinroot.supervisor.apps.run;

import dev.twinroot.supervisor.apps.AppsException;

/** A request named a service the current release does not have (the API answers 404). */
public final class NoSuchAppException extends AppsException {
    private static final long serialVersionUID = 1L;

    public NoSuchAppException(String name) {
        super("no service named " + name + " in the current release");
    }
}
