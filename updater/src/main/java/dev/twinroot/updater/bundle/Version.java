package dev.twinroot.updater.bundle;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A "semantic-ish" version: one or more dot-separated numbers ({@code 1.4}, {@code 2026.03.1}), an optional
 * pre-release after {@code -} and optional build metadata after {@code +}. Ordering follows Semantic Versioning
 * 2.0 except that release parts are compared numerically at any count, a missing part counting as 0 (so
 * {@code 1.2} equals {@code 1.2.0}). Build metadata is kept for display and ignored for ordering.
 */
public final class Version implements Comparable<Version> {

    public static final int MAX_LENGTH = 64;
    private static final Pattern SYNTAX = Pattern.compile(
            "[0-9]{1,18}(\\.[0-9]{1,18})*(-[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?(\\+[0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*)?");

    private final String text;
    private final List<Long> release;
    private final List<String> preRelease;

    private Version(String text, List<Long> release, List<String> preRelease) {
        this.text = text;
        this.release = release;
        this.preRelease = preRelease;
    }

    /** Parses {@code text}, or throws IllegalArgumentException saying what a version looks like. */
    public static Version parse(String text) {
        if (text.length() > MAX_LENGTH || !SYNTAX.matcher(text).matches()) {
            throw new IllegalArgumentException("not a version: expected numbers separated by dots, an optional"
                    + " -prerelease and +build, at most " + MAX_LENGTH + " characters (e.g. 1.4.2 or 2.0.0-rc.1)");
        }
        int plus = text.indexOf('+');
        String core = plus < 0 ? text : text.substring(0, plus);
        int dash = core.indexOf('-');
        String releasePart = dash < 0 ? core : core.substring(0, dash);
        List<Long> numbers = new ArrayList<>();
        for (String part : releasePart.split("\\.")) {
            numbers.add(Long.parseLong(part));
        }
        // Trailing zeros do not change the order, and dropping them makes equals agree with compareTo.
        while (numbers.size() > 1 && numbers.get(numbers.size() - 1) == 0L) {
            numbers.remove(numbers.size() - 1);
        }
        List<String> pre = dash < 0 ? List.of() : List.of(core.substring(dash + 1).split("\\."));
        return new Version(text, List.copyOf(numbers), pre);
    }

    @Override
    public int compareTo(Version other) {
        int n = Math.max(release.size(), other.release.size());
        for (int i = 0; i < n; i++) {
            int c = Long.compare(part(release, i), part(other.release, i));
            if (c != 0) {
                return c;
            }
        }
        if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
            // A release ranks above any of its pre-releases.
            return Boolean.compare(preRelease.isEmpty(), other.preRelease.isEmpty());
        }
        int m = Math.min(preRelease.size(), other.preRelease.size());
        for (int i = 0; i < m; i++) {
            int c = compareIdentifier(preRelease.get(i), other.preRelease.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(preRelease.size(), other.preRelease.size());
    }

    private static long part(List<Long> parts, int i) {
        return i < parts.size() ? parts.get(i) : 0L;
    }

    private static int compareIdentifier(String a, String b) {
        boolean an = isNumeric(a);
        boolean bn = isNumeric(b);
        if (an && bn) {
            // Compare by length first: identifiers may exceed a long.
            String as = stripZeros(a);
            String bs = stripZeros(b);
            return as.length() != bs.length() ? Integer.compare(as.length(), bs.length()) : as.compareTo(bs);
        }
        if (an != bn) {
            return an ? -1 : 1;
        }
        return a.compareTo(b);
    }

    private static boolean isNumeric(String s) {
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String stripZeros(String s) {
        int i = 0;
        while (i < s.length() - 1 && s.charAt(i) == '0') {
            i++;
        }
        return s.substring(i);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        List<String> pre = new ArrayList<>();
        for (String p : preRelease) {
            pre.add(isNumeric(p) ? stripZeros(p) : p);
        }
        return Objects.hash(release, pre);
    }

    /** The text as written in the manifest. */
    @Override
    public String toString() {
        return text;
    }
}
