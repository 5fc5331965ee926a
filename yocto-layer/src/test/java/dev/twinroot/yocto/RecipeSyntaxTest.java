package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecipeSyntaxTest {

    private static RecipeSyntax.Parsed recipe(String text) {
        return RecipeSyntax.parse("test.bb", text, RecipeSyntax.Kind.RECIPE);
    }

    private static List<String> rules(String text) {
        return recipe(text).findings().stream().map(Finding::rule).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "FOO = \"bar\"",
        "FOO ?= 'bar'",
        "FOO ??= \"\"",
        "FOO := \"${BAR}\"",
        "FOO:= \"x\"",
        "FOO += \"x\"",
        "FOO+= \"x\"",
        "FOO =+ \"x\"",
        "FOO .= \"x\"",
        "FOO =. \"x\"",
        "FOO=\"x\"",
        "SRC_URI[sha256sum] = \"abc\"",
        "do_install[depends] += \"x:do_deploy\"",
        "RDEPENDS:${PN} = \"busybox\"",
        "IMAGE_BOOT_FILES:remove:raspberrypi4-64 = \"boot.scr\"",
        "export FOO = \"1\"",
        "export FOO",
        "inherit core-image twinroot-bundle",
        "require conf/distro/poky.conf",
        "addtask deploy after do_compile before do_build",
        "unset FOO",
        "# a comment with _append and \"unbalanced quotes",
        "FOO = \"a \\\n    b \\\n    \"",
        "FOO = \"${@d.getVar('BAR') or ''}\"",
        "do_install() {\n    install -d ${D}${bindir}\n}",
        "python do_x() {\n    bb.note('x')\n}",
        "python () {\n    pass\n}",
        "fakeroot do_y() {\n    true\n}",
        "def helper(d):\n    return 'x'\n\nFOO = \"1\"",
        "FOO = \"value \\\"quoted\\\" inside\"",
    })
    void validMetadataHasNoFindings(String text) {
        assertEquals(List.of(), recipe(text).findings());
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("FOO_append = \" x\"", "old-override-syntax"),
                Arguments.of("FOO_prepend_qemuarm64 = \"x \"", "old-override-syntax"),
                Arguments.of("IMAGE_INSTALL_remove = \"x\"", "old-override-syntax"),
                Arguments.of("RDEPENDS_${PN} = \"x\"", "old-override-syntax"),
                Arguments.of("do_install_append() {\n}", "old-override-syntax"),
                Arguments.of("addtask do_deploy_append after do_compile", "old-override-syntax"),
                Arguments.of("FOO = \"bar", "unbalanced-quotes"),
                Arguments.of("FOO = 'bar\"", "unbalanced-quotes"),
                Arguments.of("FOO = \"", "unbalanced-quotes"),
                Arguments.of("FOO = bar", "unquoted-value"),
                Arguments.of("FOO =", "unquoted-value"),
                Arguments.of("FOO = \"${BAR\"", "unbalanced-braces"),
                Arguments.of("FOO = \"}\"", "unbalanced-braces"),
                Arguments.of("FOO[flag = \"x\"", "unbalanced-brackets"),
                Arguments.of("just some words", "unparsed-line"),
                Arguments.of("= \"x\"", "unparsed-line"),
                Arguments.of("FOO \"x\"", "unparsed-line"),
                Arguments.of("inherit", "missing-argument"),
                Arguments.of("do_install() {\n  echo", "unterminated-function"),
                Arguments.of("do_install() {\n  if [ x ]; then { echo; fi\n}", "unbalanced-braces"),
                Arguments.of("do_x(arg) {\n}", "bad-function-header"),
                Arguments.of("FOO = \"x\" \\", "continuation-at-end"));
    }

    @ParameterizedTest
    @MethodSource("broken")
    void brokenMetadataGivesTheFinding(String text, String rule) {
        assertTrue(rules(text).contains(rule), () -> "expected " + rule + " for <" + text + ">, got " + rules(text));
    }

    @Test
    void configurationFilesTakeNoFunctionsOrInherit() {
        List<String> rules = RecipeSyntax.parse("x.conf", "inherit foo\ndo_x() {\n}\nFOO = \"1\"\n",
                RecipeSyntax.Kind.CONF).findings().stream().map(Finding::rule).toList();
        assertEquals(List.of("statement-in-conf", "function-in-conf"), rules);
    }

    @Test
    void assignmentsKeepNameOverridesOperatorAndLine() {
        RecipeSyntax.Parsed p = recipe("# c\nSRC_URI:append:qemuarm64 += \"file://a \\\n file://b\"\nX[doc] = \"d\"\n");
        Assignment a = p.assignments().get(0);
        assertEquals("SRC_URI", a.variable());
        assertEquals(List.of("append", "qemuarm64"), a.overrides());
        assertEquals("+=", a.operator());
        assertEquals("file://a  file://b", a.value());
        assertEquals(2, a.line());
        assertEquals(Optional.of("doc"), p.assignments().get(1).flag());
        assertEquals(1, p.all("SRC_URI").size());
        assertEquals(0, p.all("X").size(), "flags are not values");
    }

    @Test
    void findingsNameFileAndLine() {
        Finding f = recipe("A = \"1\"\n\nB_append = \"2\"\n").findings().get(0);
        assertEquals(new Finding("test.bb", 3, "old-override-syntax", f.message()), f);
        assertTrue(f.message().contains(":append"));
    }

    @Test
    void outputIsCapped() {
        String text = "garbage line\n".repeat(RecipeSyntax.MAX_FINDINGS * 3);
        assertEquals(RecipeSyntax.MAX_FINDINGS, recipe(text).findings().size());
        String huge = "#".repeat(RecipeSyntax.MAX_CHARS + 1);
        assertEquals(List.of("file-too-large"), rules(huge));
    }

    @Test
    void kindsByFileName() {
        assertEquals(Optional.of(RecipeSyntax.Kind.RECIPE), RecipeSyntax.kindOf("a_1.0.bb"));
        assertEquals(Optional.of(RecipeSyntax.Kind.RECIPE), RecipeSyntax.kindOf("base-files_%.bbappend"));
        assertEquals(Optional.of(RecipeSyntax.Kind.RECIPE), RecipeSyntax.kindOf("x.bbclass"));
        assertEquals(Optional.of(RecipeSyntax.Kind.RECIPE), RecipeSyntax.kindOf("x.inc"));
        assertEquals(Optional.of(RecipeSyntax.Kind.CONF), RecipeSyntax.kindOf("layer.conf"));
        assertEquals(Optional.empty(), RecipeSyntax.kindOf("boot.cmd"));
    }
}
