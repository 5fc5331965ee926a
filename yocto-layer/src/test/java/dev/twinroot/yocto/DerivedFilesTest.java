package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed derived files of meta-twinroot equal what the Java layout and boot contract generate. After a
 * change to the layout or the contract, regenerate them (docs/yocto.md):
 * {@code mvn -B -q -pl yocto-layer -am test -Dtest=DerivedFilesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtwinroot.layer.regenerate=true}, review the diff and commit it.
 */
class DerivedFilesTest {

    @Test
    void committedDerivedFilesMatchTheJavaDefinitions() throws IOException {
        LayerChecker checker = new LayerChecker(TestLayer.module(), TestLayer.pomVersion());
        if (Boolean.getBoolean("twinroot.layer.regenerate")) {
            List<String> changed = DerivedFiles.write(checker.layer());
            System.out.println("regenerated: " + changed);
        }
        assertEquals(List.of(), DerivedFiles.drift(checker.layer()));
    }
}
