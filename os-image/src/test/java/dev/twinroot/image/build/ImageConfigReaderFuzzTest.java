package dev.twinroot.image.build;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

class ImageConfigReaderFuzzTest {

    /** Any bytes, as JSON or YAML, give a config or ImageConfigException: never another exception, never a hang. */
    @FuzzTest(maxDuration = "20s")
    void anyTextGivesAConfigOrImageConfigException(byte[] data) {
        if (data.length == 0) {
            return;
        }
        boolean yaml = (data[0] & 1) == 1;
        String text = new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
        try {
            new ImageConfigReader().parse("fuzz", text, yaml);
        } catch (ImageConfigException expected) {
            // rejected with a message: fine
        }
    }
}
