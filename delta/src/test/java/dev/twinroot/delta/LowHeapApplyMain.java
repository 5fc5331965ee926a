package dev.twinroot.delta;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Applies a delta in a JVM of its own, so a test can give it a small heap: SOURCE DELTA OUT. */
public final class LowHeapApplyMain {

    private LowHeapApplyMain() {
    }

    public static void main(String[] args) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of(args[1]))) {
            new DeltaApplier(DeltaApplier.Options.defaults()).apply(Path.of(args[0]), in, Path.of(args[2]),
                    Optional.of(Checkpoint.at(Path.of(args[2] + ".checkpoint"))));
        }
        System.out.println("max heap " + Runtime.getRuntime().maxMemory());
    }
}
