package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeltaCommandTest {

    @TempDir
    Path dir;
    private Path oldImg;
    private Path newImg;
    private Path delta;

    @BeforeEach
    void images() throws IOException {
        byte[] a = new byte[3 << 20];
        new Random(4).nextBytes(a);
        byte[] b = a.clone();
        for (int i = 0; i < 1024; i++) {
            b[2_000_000 + i] = (byte) (i * 31);
        }
        oldImg = Files.write(dir.resolve("old.img"), a);
        newImg = Files.write(dir.resolve("new.img"), b);
        delta = dir.resolve("old-to-new.delta");
    }

    @Test
    void createInfoVerifyApplyRoundTrip() throws IOException {
        Run create = run("delta", "create", oldImg.toString(), newImg.toString(), delta.toString());
        assertEquals(0, create.code, create.err);
        assertTrue(create.out.contains("operations"), create.out);
        assertTrue(Files.size(delta) < 1536, "delta is " + Files.size(delta) + " bytes");
        assertFalse(Files.exists(dir.resolve("old-to-new.delta.partial")));

        Run info = run("delta", "info", delta.toString());
        assertEquals(0, info.code, info.err);
        assertTrue(info.out.contains("DATA") && info.out.contains("COPY"), info.out);

        Run json = run("delta", "info", "--json", delta.toString());
        assertEquals(0, json.code, json.err);
        assertTrue(json.out.startsWith("{\"version\":3,") && json.out.contains("\"copy\":{\"count\":"), json.out);

        Run verify = run("delta", "verify", oldImg.toString(), delta.toString());
        assertEquals(0, verify.code, verify.err);

        Path out = dir.resolve("out.img");
        Run apply = run("delta", "apply", oldImg.toString(), delta.toString(), out.toString(), "--resume",
                dir.resolve("out.ckpt").toString());
        assertEquals(0, apply.code, apply.err);
        assertEquals(-1L, Files.mismatch(newImg, out));
        assertTrue(apply.err.isEmpty(), "no progress output off a terminal: " + apply.err);
    }

    @Test
    void formatVersionTwoOnRequest() throws IOException {
        Run create = run("delta", "create", "--format-version", "2", oldImg.toString(), newImg.toString(),
                delta.toString());
        assertEquals(0, create.code, create.err);
        Run json = run("delta", "info", "--json", delta.toString());
        assertTrue(json.out.startsWith("{\"version\":2,") && json.out.contains("\"splice\":{\"count\":0,"),
                json.out);
        Path out = dir.resolve("out2.img");
        assertEquals(0, run("delta", "apply", oldImg.toString(), delta.toString(), out.toString()).code);
        assertEquals(-1L, Files.mismatch(newImg, out));
        Run four = run("delta", "create", "--format-version", "4", oldImg.toString(), newImg.toString(),
                delta.toString());
        assertEquals(1, four.code);
        assertEquals("twinroot delta create: --format-version 4: this twinroot writes versions 2 and 3",
                four.err.strip());
    }

    @Test
    void wrongSourceIsOneLineAndNoOutput() throws IOException {
        assertEquals(0, run("delta", "create", oldImg.toString(), newImg.toString(), delta.toString()).code);
        Path out = dir.resolve("out.img");
        byte[] other = Files.readAllBytes(oldImg);
        other[100] ^= 1; // inside the first COPY: the bytes the delta reuses are not the ones it was made from
        Path wrong = Files.write(dir.resolve("wrong.img"), other);
        Run apply = run("delta", "apply", wrong.toString(), delta.toString(), out.toString());
        assertEquals(1, apply.code);
        assertTrue(apply.err.startsWith("twinroot delta apply: wrong source image:"), apply.err);
        assertEquals(1, apply.err.lines().count(), apply.err);
        assertFalse(Files.exists(out));
    }

    @Test
    void foreignDeltaIsOneLine() throws IOException {
        Run info = run("delta", "info", newImg.toString());
        assertEquals(1, info.code);
        assertTrue(info.err.startsWith("twinroot delta info: not a Twinroot delta"), info.err);
    }

    @Test
    void missingFileAndUsageErrors() {
        Run missing = run("delta", "create", dir.resolve("nope").toString(), newImg.toString(), delta.toString());
        assertEquals(1, missing.code);
        assertTrue(missing.err.contains("no such file"), missing.err);
        assertEquals(2, run("delta", "apply", oldImg.toString()).code);
        assertEquals(2, run("delta").code);
        assertEquals(1, run("delta", "create", "--block-size", "1000", oldImg.toString(), newImg.toString(),
                delta.toString()).code);
    }

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Twinroot.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
