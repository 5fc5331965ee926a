package dev.twinroot.yocto;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The committed layer passes every check. LayerCheckerMutationTest shows each check failing on a broken copy. */
class LayerCheckerTest {

    @Test
    void committedLayerHasNoFindings() throws IOException {
        List<Finding> findings = new LayerChecker(TestLayer.module(), TestLayer.pomVersion()).check();
        assertEquals("", String.join("\n", findings.stream().map(Finding::toString).toList()));
    }
}
