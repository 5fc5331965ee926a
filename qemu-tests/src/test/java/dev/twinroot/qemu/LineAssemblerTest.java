package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

    private static List<String> texts(List<ConsoleLine> lines) {
        return lines.stream().map(ConsoleLine::text).toList();
    }

    @Test
    void carriageReturnsAndEscapesAreRemoved() {
        LineAssembler a = new LineAssembler();
        // What U-Boot's EFI code really prints while it probes the terminal size.
        List<ConsoleLine> lines = a.feed("\u001b7\u001b[r\u001b[999;999H\u001b[6n\u001b8No EFI system partition\r\n", 5);
        assertEquals(List.of("No EFI system partition"), texts(lines));
    }

    @Test
    void backspacesEraseLikeATerminal() {
        LineAssembler a = new LineAssembler();
        List<ConsoleLine> lines = a.feed("Hit any key to stop autoboot:  2 \b\b\b 1 \b\b\b 0 \r\n", 1);
        assertEquals(List.of("Hit any key to stop autoboot:  0 "), texts(lines));
    }

    @Test
    void aLineKeepsTheTimeItStartedAndAPromptStaysPartial() {
        LineAssembler a = new LineAssembler();
        assertEquals(List.of(), a.feed("=> ", 100));
        assertEquals(Optional.of(new ConsoleLine(100, "=> ")), a.partial());
        List<ConsoleLine> lines = a.feed("version\r\n", 250);
        assertEquals(List.of(new ConsoleLine(100, "=> version")), lines);
        assertEquals(Optional.empty(), a.partial());
    }

    @Test
    void escapeSequencesSplitAcrossChunksAreStillRemoved() {
        LineAssembler a = new LineAssembler();
        assertEquals(List.of(), a.feed("a\u001b", 1));
        assertEquals(List.of(), a.feed("[1", 2));
        assertEquals(List.of(new ConsoleLine(1, "ab")), a.feed(";31mb\n", 3));
    }

    @Test
    void aLineWithoutNewlineIsCutAtTheCap() {
        LineAssembler a = new LineAssembler();
        List<ConsoleLine> lines = a.feed("x".repeat(LineAssembler.MAX_LINE * 2 + 7), 1);
        assertEquals(2, lines.size());
        assertEquals(LineAssembler.MAX_LINE, lines.get(0).text().length());
        assertEquals(7, a.partial().orElseThrow().text().length());
    }

    @Test
    void anUnterminatedEscapeSequenceDoesNotSwallowTheRest() {
        LineAssembler a = new LineAssembler();
        List<ConsoleLine> lines = a.feed("\u001b[" + "1".repeat(100) + "visible\n", 1);
        assertEquals(1, lines.size());
        assertTrue(lines.get(0).text().endsWith("visible"), lines.get(0).text());
    }

    /** Any characters in any chunking: lines stay under the cap, hold no control characters, and chunking does not matter. */
    @Test
    void propertyChunkingNeverChangesTheLines() {
        Random random = new Random(20261128);
        String alphabet = "ab =>\r\n\b\u001b[;0123456789mH\t\u007f\u00e9\u0000";
        for (int iteration = 0; iteration < 2000; iteration++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(iteration % 10 == 0 ? 20000 : 300);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = sb.toString();
            List<String> whole = run(input, List.of(input));
            List<String> pieces = new ArrayList<>();
            for (int i = 0; i < input.length(); ) {
                int n = 1 + random.nextInt(40);
                pieces.add(input.substring(i, Math.min(input.length(), i + n)));
                i += n;
            }
            assertEquals(whole, run(input, pieces), "seeded iteration " + iteration);
            for (String line : whole) {
                assertTrue(line.length() <= LineAssembler.MAX_LINE);
                assertTrue(line.chars().noneMatch(c -> c != '\t' && Character.isISOControl(c)), line);
            }
        }
    }

    private static List<String> run(String input, List<String> pieces) {
        LineAssembler a = new LineAssembler();
        List<String> out = new ArrayList<>();
        long t = 0;
        for (String p : pieces) {
            out.addAll(texts(a.feed(p, t++)));
        }
        a.finish(t).ifPresent(l -> out.add(l.text()));
        return out;
    }
}
