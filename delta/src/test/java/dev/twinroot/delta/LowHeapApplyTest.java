package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 512 MiB image pair whose delta holds the largest operations the format allows (4 MiB DATA runs, bsdiff
 * patches with 8 MiB sources) is applied by a separate JVM with -Xmx64m.
 */
class LowHeapApplyTest {

    private static final long SIZE = 512L << 20;

    @TempDir
    Path dir;

    @Test
    void appliesA512MibDeltaWithA64MibHeap() throws Exception {
        Path src = dir.resolve("src.img");
        Path tgt = dir.resolve("tgt.img");
        writeImage(src, false);
        writeImage(tgt, true);
        Path delta = dir.resolve("delta");
        DeltaInfo info;
        try (OutputStream out = Files.newOutputStream(delta)) {
            info = DeltaGenerator.create(src, tgt, out, DeltaGenerator.Options.defaults());
        }
        assertTrue(info.opCounts().get(DeltaInfo.Kind.BSDIFF) > 0, info.toString());
        assertTrue(info.targetBytes().get(DeltaInfo.Kind.DATA) >= 16 << 20, info.toString());
        Path out = dir.resolve("out.img");
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LowHeapApplyMain.class.getName(),
                src.toString(), delta.toString(), out.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("max heap"), output);
        assertTrue(Long.parseLong(output.replaceAll("(?s).*max heap (\\d+).*", "$1")) <= 64L << 20, output);
        assertEquals(-1L, Files.mismatch(tgt, out));
    }

    /**
     * Mostly holes, with 1 MiB of random data every 16 MiB and a 12 MiB text region. The new version rewrites
     * 16 MiB with fresh random data, edits the text throughout (and shifts it by an insertion), and moves a chunk.
     */
    private static void writeImage(Path p, boolean newVersion) throws IOException {
        Random rnd = new Random(42);
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            byte[] chunk = new byte[1 << 20];
            for (long at = 0; at < SIZE; at += 16 << 20) {
                rnd.nextBytes(chunk);
                ch.write(ByteBuffer.wrap(chunk), newVersion && at == 64L << 20 ? 200L << 20 : at);
            }
            StringBuilder text = new StringBuilder();
            Random words = new Random(7);
            Random edits = new Random(8);
            while (text.length() < 12 << 20) {
                text.append("line ").append(words.nextInt(100_000)).append(" of some configuration text\n");
                if (words.nextInt(400) == 0 && newVersion) {
                    text.append("edited ").append(edits.nextInt());
                }
            }
            ch.write(ByteBuffer.wrap(text.substring(0, 12 << 20).getBytes(StandardCharsets.US_ASCII)), 100L << 20);
            if (newVersion) {
                byte[] fresh = new byte[16 << 20];
                new Random(99).nextBytes(fresh);
                ch.write(ByteBuffer.wrap(fresh), 300L << 20);
            }
            ch.truncate(SIZE);
            if (ch.size() < SIZE) {
                ch.write(ByteBuffer.wrap(new byte[1]), SIZE - 1);
            }
        }
    }
}
