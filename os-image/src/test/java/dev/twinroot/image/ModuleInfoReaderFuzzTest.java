package dev.twinroot.image;

import com.code_intelligence.jazzer.junit.FuzzTest;

class ModuleInfoReaderFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void anyBytesGiveModuleInfoOrModuleFormatException(byte[] data) {
        try {
            ModuleInfoReader.read(data, "fuzz");
        } catch (ModuleFormatException expected) {
            // rejected with the module's exception: fine
        }
    }
}
