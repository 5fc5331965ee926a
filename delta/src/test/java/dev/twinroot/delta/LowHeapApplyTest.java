package dev.twinroot.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.delta.format.Codec;
import dev.twinroot.delta.format.DeltaConstants;
import dev.twinroot.delta.format.DeltaHeader;
import dev.twinroot.delta.format.DeltaOp;
import dev.twinroot.delta.format.DeltaWriter;
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
 * A 512 MiB image pair whose delta holds the largest operations the generator writes (4 MiB DATA runs, bsdiff
 * patches with 8 MiB sources), and a delta of the largest SPLICE operations, are applied by a separate JVM with
 * -Xmx64m.
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
        String output = applyInSmallJvm(src, delta, out);
        assertTrue(Long.parseLong(output.replaceAll("(?s).*max heap (\\d+).*", "$1")) <= 64L << 20, output);
        assertEquals(-1L, Files.mismatch(tgt, out));
    }

    /**
     * SPLICE operations of the largest size (8 MiB of target each, instruction streams of almost 8 MiB decoded from
     * a zstd payload of about 4 MiB, copies scattered over a 64 MiB source) apply with -Xmx64m.
     */
    @Test
    void appliesTheLargestSpliceOperationsWithA64MibHeap() throws Exception {
        Random rnd = new Random(5);
        byte[] source = new byte[64 << 20];
        rnd.nextBytes(source);
        Path src = dir.resolve("splice-src.img");
        Files.write(src, source);
        int ops = 4;
        int length = DeltaConstants.MAX_OP_BUFFER;
        java.io.ByteArrayOutputStream target = new java.io.ByteArrayOutputStream();
        java.util.List<DeltaOp> spliced = new java.util.ArrayList<>();
        for (int k = 0; k < ops; k++) {
            SpliceBuilder b = new SpliceBuilder((long) k * length);
            java.io.ByteArrayOutputStream part = new java.io.ByteArrayOutputStream();
            byte[] noise = new byte[length / 2];
            rnd.nextBytes(noise);
            byte[] text = "the same line of text, again and again\n".repeat(length / 2 / 39 + 1)
                    .substring(0, length / 2 - 1000).getBytes(StandardCharsets.US_ASCII);
            b.literal(noise, 0, noise.length);
            part.write(noise);
            b.literal(text, 0, text.length);
            part.write(text);
            for (int i = 0; i < 100; i++) {
                int at = rnd.nextInt(source.length - 10);
                b.copy(at, 10);
                part.write(source, at, 10);
            }
            byte[] stream = b.finish();
            byte[] bytes = part.toByteArray();
            assertEquals(length, bytes.length);
            byte[] payload = DataCodecs.encode(Codec.ZSTD, stream, 0, stream.length, 3, 0);
            assertTrue(stream.length > length - 2000 && payload.length > 4 << 20, stream.length + " " + payload.length);
            spliced.add(new DeltaOp.Splice(Codec.ZSTD, length, stream.length, Sha256.of(bytes, 0, length), payload));
            target.write(bytes);
        }
        byte[] tgt = target.toByteArray();
        Path delta = dir.resolve("splice.delta");
        try (OutputStream out = Files.newOutputStream(delta)) {
            DeltaWriter w = new DeltaWriter(out, DeltaHeader.of(4096, source.length, Sha256.of(source, 0, source.length),
                    tgt.length, Sha256.of(tgt, 0, tgt.length)));
            for (DeltaOp op : spliced) {
                w.write(op);
            }
            w.finish();
        }
        Path out = dir.resolve("splice-out.img");
        String output = applyInSmallJvm(src, delta, out);
        assertTrue(Long.parseLong(output.replaceAll("(?s).*max heap (\\d+).*", "$1")) <= 64L << 20, output);
        assertEquals(-1L, Files.mismatch(out, writeTarget(tgt)));
    }

    private Path writeTarget(byte[] tgt) throws IOException {
        return Files.write(dir.resolve("splice-tgt.img"), tgt);
    }

    private static String applyInSmallJvm(Path src, Path delta, Path out) throws Exception {
        Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), LowHeapApplyMain.class.getName(),
                src.toString(), delta.toString(), out.toString()))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("max heap"), output);
        return output;
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
