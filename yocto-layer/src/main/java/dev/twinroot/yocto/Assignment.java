package dev.twinroot.yocto;

import java.util.Optional;

/**
 * One variable assignment of a BitBake file, as written: {@code SRC_URI:append = " file://x"} has name
 * {@code SRC_URI:append}, no flag, operator {@code =} and value {@code " file://x"} without its quotes.
 *
 * @param line the 1-based line the (possibly continued) assignment starts on
 */
record Assignment(String name, Optional<String> flag, String operator, String value, int line) {

    /** The variable without its override suffixes: {@code SRC_URI:append:rpi} gives {@code SRC_URI}. */
    String variable() {
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }

    /** The overrides and operations after the variable, e.g. {@code [append, rpi]}. */
    java.util.List<String> overrides() {
        int colon = name.indexOf(':');
        return colon < 0 ? java.util.List.of() : java.util.List.of(name.substring(colon + 1).split(":", -1));
    }
}
