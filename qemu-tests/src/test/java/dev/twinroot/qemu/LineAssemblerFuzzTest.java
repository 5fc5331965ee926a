package dev.twinroot.qemu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** The guest's console output is untrusted: any bytes in any chunking give bounded, clean lines. */
class LineAssemblerFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void fuzz(FuzzedDataProvider data) {
        LineAssembler a = new LineAssembler();
        long t = 0;
        while (data.remainingBytes() > 0) {
            String chunk = data.consumeString(1 + data.consumeInt(0, 200));
            for (ConsoleLine line : a.feed(chunk, t++)) {
                check(line);
            }
            a.partial().ifPresent(LineAssemblerFuzzTest::check);
        }
        a.finish(t).ifPresent(LineAssemblerFuzzTest::check);
    }

    private static void check(ConsoleLine line) {
        assertTrue(line.text().length() <= LineAssembler.MAX_LINE);
        assertTrue(line.text().chars().noneMatch(c -> c == '\n' || c == '\r' || c == 0x1b));
    }
}
