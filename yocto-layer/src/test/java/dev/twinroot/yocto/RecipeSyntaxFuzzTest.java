package dev.twinroot.yocto;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

class RecipeSyntaxFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyTextGivesFindingsNeverAnException(FuzzedDataProvider data) {
        boolean conf = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        RecipeSyntax.Parsed parsed = RecipeSyntax.parse("fuzz", text, conf ? RecipeSyntax.Kind.CONF
                : RecipeSyntax.Kind.RECIPE);
        int lines = text.split("\n", -1).length;
        for (Finding f : parsed.findings()) {
            if (f.line() < 0 || f.line() > lines) {
                throw new IllegalStateException("finding at line " + f.line() + " of a " + lines + "-line text");
            }
        }
        if (parsed.findings().size() > RecipeSyntax.MAX_FINDINGS) {
            throw new IllegalStateException("more findings than the cap: " + parsed.findings().size());
        }
    }
}
