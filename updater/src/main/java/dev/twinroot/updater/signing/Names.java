package dev.twinroot.updater.signing;

import javax.security.auth.x500.X500Principal;

/** Certificate names as they may appear in a message: they come from untrusted input, so shortened and printable. */
final class Names {

    static final int MAX = 96;

    private Names() {}

    static String of(X500Principal p) {
        return printable(p.getName(X500Principal.RFC2253));
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > MAX ? b + "..." : b.toString();
    }
}
