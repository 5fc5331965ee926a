package dev.twinroot.updater.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.testing.TestPki;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyringTest {

    @TempDir
    Path dir;

    @Test
    void loadsEveryPemAndCrtFile() throws IOException {
        TestPki a = new TestPki("a CA");
        TestPki b = new TestPki(KeyAlgorithm.RSA, "b CA");
        Files.writeString(dir.resolve("a.pem"), Pem.encode(a.ca()));
        Files.writeString(dir.resolve("b.crt"), Pem.encode(b.ca()));
        Files.writeString(dir.resolve("README"), "not a certificate");
        assertEquals(2, Keyring.load(dir).certificates().size());
    }

    @Test
    void refusesALeafCertificate() throws IOException {
        TestPki a = new TestPki("a CA");
        Files.writeString(dir.resolve("leaf.pem"), Pem.encode(a.signer("leaf").certificate()));
        KeyringException e = assertThrows(KeyringException.class, () -> Keyring.load(dir));
        assertTrue(e.getMessage().contains("CN=leaf,O=Test is not a CA certificate"), e.getMessage());
    }

    @Test
    void refusesAnEmptyOrMissingDirectory() throws IOException {
        assertTrue(assertThrows(KeyringException.class, () -> Keyring.load(dir)).getMessage()
                .contains("holds no *.pem or *.crt CA certificate"));
        assertTrue(assertThrows(KeyringException.class, () -> Keyring.load(dir.resolve("nope"))).getMessage()
                .contains("is not a directory"));
    }

    @Test
    void refusesGarbagePem() throws IOException {
        Files.writeString(dir.resolve("x.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThrows(KeyringException.class, () -> Keyring.load(dir));
    }
}
