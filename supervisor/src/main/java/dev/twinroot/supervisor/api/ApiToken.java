package dev.twinroot.supervisor.api;

import dev.twinroot.supervisor.AtomicFiles;
import dev.twinroot.supervisor.SupervisorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The API's bearer token, from a file only its owner can read. The daemon refuses a token file that anyone
 * else could read (any group or other permission bit) or that belongs to another user: such a token is no
 * secret. When the file does not exist the daemon creates one, mode 0600, with 256 random bits.
 */
public final class ApiToken {

    static final int MIN_LENGTH = 32;
    static final int MAX_LENGTH = 256;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] expected;

    private ApiToken(String token) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.US_ASCII);
    }

    public static ApiToken loadOrCreate(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = file.resolveSibling("." + file.getFileName() + ".new");
            Files.deleteIfExists(temp);
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(temp, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.syncDirectory(file.toAbsolutePath().getParent());
        }
        return load(file);
    }

    public static ApiToken load(Path file) throws IOException {
        return new ApiToken(read(file));
    }

    /** The token text, for clients (twinrootctl) running as the same user. */
    public static String read(Path file) throws IOException {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new SupervisorException(file + ": the API token must be a regular file, not a link or directory");
            }
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            Set<PosixFilePermission> extra = new java.util.HashSet<>(perms);
            extra.removeAll(OWNER_ONLY);
            extra.remove(PosixFilePermission.OWNER_EXECUTE);
            if (!extra.isEmpty()) {
                throw new SupervisorException(file + ": the API token is readable by others (mode "
                        + PosixFilePermissions.toString(perms) + "), expected rw------- (chmod 600)");
            }
            int owner = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            int self = currentUid();
            if (owner != self) {
                throw new SupervisorException(file + ": the API token belongs to uid " + owner + ", expected uid " + self);
            }
            if (Files.size(file) > MAX_LENGTH + 2) {
                throw new SupervisorException(file + ": the API token is longer than " + MAX_LENGTH + " characters");
            }
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.length() < MIN_LENGTH || !token.matches("[\\x21-\\x7e]+")) {
                throw new SupervisorException(file + ": the API token must be " + MIN_LENGTH + " to " + MAX_LENGTH
                        + " printable characters without spaces, found " + token.length() + " characters");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new SupervisorException(file + ": no API token file");
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SupervisorException(file + ": the API token is not ASCII");
        }
    }

    /** Whether an Authorization header carries this token; compared in constant time. */
    public boolean accepts(Optional<String> authorization) {
        byte[] given = authorization.orElse("").getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    /** The uid this process runs as: the owner of {@code /proc/self}. */
    static int currentUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }
}
