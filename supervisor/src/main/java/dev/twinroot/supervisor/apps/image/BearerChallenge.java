package dev.twinroot.supervisor.apps.image;

import dev.twinroot.supervisor.apps.AppsFormatException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A registry's {@code WWW-Authenticate: Bearer realm="...",service="...",scope="..."} (the Docker / OCI token
 * flow): where to ask for a token and for what. The header is untrusted: at most {@link #MAX_LENGTH}
 * characters, parameters as RFC 7235 writes them (token or quoted string, backslash escapes), each name once,
 * {@code realm} an absolute http(s) URI.
 */
public record BearerChallenge(URI realm, Optional<String> service, Optional<String> scope) {

    static final int MAX_LENGTH = 8192;
    private static final String SCHEME = "bearer";

    /** The challenge in {@code header}, or empty when it is not a Bearer challenge (Basic, say). */
    public static Optional<BearerChallenge> parse(String header) throws AppsFormatException {
        if (header.length() > MAX_LENGTH) {
            throw new AppsFormatException("WWW-Authenticate: " + header.length() + " characters, at most " + MAX_LENGTH);
        }
        String h = header.strip();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        if (!scheme.equalsIgnoreCase(SCHEME)) {
            return Optional.empty();
        }
        Map<String, String> params = params(space < 0 ? "" : h.substring(space + 1));
        String realm = params.get("realm");
        if (realm == null) {
            throw new AppsFormatException("WWW-Authenticate: a Bearer challenge without realm");
        }
        URI uri;
        try {
            uri = new URI(realm);
        } catch (java.net.URISyntaxException e) {
            throw new AppsFormatException("WWW-Authenticate: realm is not a URI", e);
        }
        if (!uri.isAbsolute() || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
            throw new AppsFormatException("WWW-Authenticate: realm must be an absolute http(s) URI with a host");
        }
        return Optional.of(new BearerChallenge(uri, Optional.ofNullable(params.get("service")),
                Optional.ofNullable(params.get("scope"))));
    }

    private static Map<String, String> params(String s) throws AppsFormatException {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        int n = s.length();
        while (true) {
            while (i < n && (s.charAt(i) == ' ' || s.charAt(i) == ',' || s.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return out;
            }
            int nameStart = i;
            while (i < n && isTokenChar(s.charAt(i))) {
                i++;
            }
            if (i == nameStart || i >= n || s.charAt(i) != '=') {
                throw new AppsFormatException("WWW-Authenticate: expected name=value at character " + nameStart);
            }
            String name = s.substring(nameStart, i).toLowerCase(java.util.Locale.ROOT);
            i++;
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new AppsFormatException("WWW-Authenticate: unterminated quoted value of " + name);
                    }
                    char c = s.charAt(i++);
                    if (c == '"') {
                        break;
                    }
                    if (c == '\\') {
                        if (i >= n) {
                            throw new AppsFormatException("WWW-Authenticate: unterminated quoted value of " + name);
                        }
                        c = s.charAt(i++);
                    }
                    value.append(c);
                }
            } else {
                // Unquoted values: anything up to the next separator (servers write scopes with ':' and '/').
                while (i < n && s.charAt(i) > 0x20 && s.charAt(i) < 0x7f && s.charAt(i) != ',' && s.charAt(i) != '"') {
                    value.append(s.charAt(i++));
                }
            }
            if (i < n && s.charAt(i) != ',' && s.charAt(i) != ' ' && s.charAt(i) != '\t') {
                throw new AppsFormatException("WWW-Authenticate: unexpected character at " + i + " after " + name);
            }
            if (out.put(name, value.toString()) != null) {
                throw new AppsFormatException("WWW-Authenticate: " + name + " given twice");
            }
        }
    }

    private static boolean isTokenChar(char c) {
        return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={} ".indexOf(c) < 0;
    }
}
