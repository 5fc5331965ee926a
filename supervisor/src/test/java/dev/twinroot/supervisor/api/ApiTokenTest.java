package dev.twinroot.supervisor.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokenTest {

    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyTokenWhenThereIsNone() throws IOException {
        Path file = dir.resolve("etc/api-token");
        ApiToken token = ApiToken.loadOrCreate(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String text = Files.readString(file).strip();
        assertEquals(64, text.length());
        assertTrue(token.accepts(Optional.of("Bearer " + text)));
        assertFalse(token.accepts(Optional.of("Bearer " + text.substring(1))));
        assertFalse(token.accepts(Optional.empty()));
        ApiToken.loadOrCreate(file);
        assertEquals(text, ApiToken.read(file), "an existing token is kept");
    }

    @Test
    void refusesATokenOthersCanRead() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "x".repeat(40));
        for (String mode : new String[] {"rw-r--r--", "rw-r-----", "rw----r--", "rw-rw----", "rw-----w-"}) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            IOException e = assertThrows(IOException.class, () -> ApiToken.load(file), mode);
            assertTrue(e.getMessage().contains("readable by others (mode " + mode + ")"), e.getMessage());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ApiToken.load(file);
    }

    @Test
    void refusesATokenOfAnotherUser() throws IOException {
        Assumptions.assumeTrue(ApiToken.currentUid() == 0, "changing a file's owner needs root");
        Path file = Files.writeString(dir.resolve("token"), "x".repeat(40));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(file, "unix:uid", 1);
        IOException e = assertThrows(IOException.class, () -> ApiToken.load(file));
        assertTrue(e.getMessage().contains("belongs to uid 1, expected uid 0"), e.getMessage());
    }

    @Test
    void refusesAShortToken() throws IOException {
        Path file = Files.writeString(dir.resolve("token"), "secret\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        IOException e = assertThrows(IOException.class, () -> ApiToken.load(file));
        assertTrue(e.getMessage().contains("found 6 characters"), e.getMessage());
    }
}
