package dev.twinroot.qemu.scenario;

import java.util.Objects;

/** Checks inside a scenario; a failed check is an {@link AssertionError} saying what, expected and found. */
public final class Expect {

    private Expect() {
    }

    public static void equal(String what, Object expected, Object found) {
        if (!Objects.equals(expected, found)) {
            throw new AssertionError(what + ": expected " + expected + ", found " + found);
        }
    }

    public static void contains(String what, String expected, String found) {
        if (!found.contains(expected)) {
            throw new AssertionError(what + ": expected to contain '" + expected + "', found '" + found + "'");
        }
    }

    public static void that(String what, boolean condition) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }
}
