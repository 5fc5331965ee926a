package dev.twinroot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KeysDevCaCommandTest {

    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Twinroot.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void writesTheThreeFilesAndRefusesToOverwrite() throws Exception {
        Result r = run("keys", "dev-ca", "--out", dir.toString(), "--algorithm", "ed25519");
        assertEquals(0, r.exit(), r.err());
        for (String f : new String[] {"ca.pem", "signing.key", "signing.pem"}) {
            assertTrue(Files.isRegularFile(dir.resolve(f)), f);
        }
        assertTrue(Files.readString(dir.resolve("signing.key")).startsWith("-----BEGIN PRIVATE KEY-----"));
        byte[] key = Files.readAllBytes(dir.resolve("signing.key"));
        Result again = run("keys", "dev-ca", "--out", dir.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().startsWith("twinroot keys dev-ca: ") && again.err().contains("refusing to overwrite"),
                again.err());
        assertEquals(new String(key), Files.readString(dir.resolve("signing.key")));
    }

    @Test
    void unknownAlgorithmIsAUsageError() {
        Result r = run("keys", "dev-ca", "--out", dir.resolve("x").toString(), "--algorithm", "dsa");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("expected ecdsa-p256, ed25519 or rsa"), r.err());
    }
}
