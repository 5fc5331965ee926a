package dev.twinroot.updater.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.updater.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevelopmentCaTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void writtenFilesSignAndVerify(KeyAlgorithm algorithm) throws IOException {
        DevelopmentCa.generate(algorithm, TestPki.NOW, "test").writeTo(dir);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("signing.key"))));
        SigningKey key = SigningKey.load(dir.resolve("signing.key"), dir.resolve("signing.pem"));
        assertEquals(algorithm, key.algorithm());
        assertEquals("SigningKey[CN=test development signing,O=Twinroot]", key.toString());
        Files.createDirectory(dir.resolve("keyring"));
        Files.copy(dir.resolve("ca.pem"), dir.resolve("keyring/ca.pem"));
        byte[] manifest = "{}".getBytes(StandardCharsets.UTF_8);
        byte[] sig = new CmsSigner(key).sign(manifest);
        new CmsVerifier(Keyring.load(dir.resolve("keyring")), TestPki.clock()).verify(manifest, List.of(sig));
    }

    @Test
    void refusesToOverwrite() throws IOException {
        Files.writeString(dir.resolve("signing.pem"), "precious");
        assertThrows(FileAlreadyExistsException.class,
                () -> DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, TestPki.NOW, "test").writeTo(dir));
        assertEquals("precious", Files.readString(dir.resolve("signing.pem")));
        assertTrue(Files.notExists(dir.resolve("signing.key")));
    }

    @Test
    void aKeyThatDoesNotMatchItsCertificateIsRefused() throws IOException {
        Path a = Files.createDirectory(dir.resolve("a"));
        Path b = Files.createDirectory(dir.resolve("b"));
        DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, TestPki.NOW, "a").writeTo(a);
        DevelopmentCa.generate(KeyAlgorithm.ECDSA_P256, TestPki.NOW, "b").writeTo(b);
        KeyringException e = assertThrows(KeyringException.class,
                () -> SigningKey.load(a.resolve("signing.key"), b.resolve("signing.pem")));
        assertTrue(e.getMessage().contains("does not match the certificate"), e.getMessage());
    }
}
