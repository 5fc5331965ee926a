package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random text: never an exception, findings always point into the text, and garbage is caught. */
class RecipeSyntaxPropertyTest {
    private static final int ITERATIONS = 20_000;
    private static final String ALPHABET = "abcXYZ_019 \t\"'{}[]()$@:=?+.\\#\n/-";

    @Test
    void anyTextGivesFindingsNeverAnException() {
        Random random = new Random(0x7e1a);
        for (int i = 0; i < ITERATIONS; i++) {
            String text = i % 2 == 0 ? fromAlphabet(random, random.nextInt(200))
                    : new String(bytes(random, random.nextInt(200)), StandardCharsets.UTF_8);
            for (RecipeSyntax.Kind kind : RecipeSyntax.Kind.values()) {
                RecipeSyntax.Parsed parsed = RecipeSyntax.parse("fuzz.bb", text, kind);
                int lines = text.split("\n", -1).length;
                for (Finding f : parsed.findings()) {
                    assertTrue(f.line() >= 0 && f.line() <= lines, () -> "line " + f.line() + " outside the text");
                }
                assertTrue(parsed.findings().size() <= RecipeSyntax.MAX_FINDINGS);
            }
        }
    }

    /** A line that starts with a character no statement can start with is always a finding. */
    @Test
    void randomGarbageLinesGiveAFinding() {
        Random random = new Random(42);
        List<String> starts = List.of("=", "\"", "'", "?", ")", "[", "!", "%", ";", ",", "<", "*");
        for (int i = 0; i < ITERATIONS; i++) {
            String line = starts.get(random.nextInt(starts.size()))
                    + fromAlphabet(random, random.nextInt(60)).replace("\n", " ").replace("\\", "");
            assertFalse(RecipeSyntax.parse("g.bb", line, RecipeSyntax.Kind.RECIPE).findings().isEmpty(),
                    () -> "no finding for <" + line + ">");
        }
    }

    /** A valid assignment with random quoted content stays valid; cutting off its closing quote never does. */
    @Test
    void assignmentsWithRandomValues() {
        Random random = new Random(7);
        for (int i = 0; i < ITERATIONS; i++) {
            String value = fromAlphabet(random, random.nextInt(40)).replaceAll("[\"'{}\\\\\n]", "x");
            String good = "VAR_" + i + ":append = \"" + value + "\"";
            assertTrue(RecipeSyntax.parse("a.bb", good, RecipeSyntax.Kind.RECIPE).findings().isEmpty(),
                    () -> "finding for valid <" + good + ">");
            String cut = good.substring(0, good.length() - 1);
            assertFalse(RecipeSyntax.parse("a.bb", cut, RecipeSyntax.Kind.RECIPE).findings().isEmpty(),
                    () -> "no finding for <" + cut + ">");
            String old = "VAR_" + i + "_append = \"" + value + "\"";
            assertTrue(RecipeSyntax.parse("a.bb", old, RecipeSyntax.Kind.RECIPE).findings().stream()
                    .anyMatch(f -> f.rule().equals("old-override-syntax")), () -> "old syntax passed <" + old + ">");
        }
    }

    private static String fromAlphabet(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }
}
