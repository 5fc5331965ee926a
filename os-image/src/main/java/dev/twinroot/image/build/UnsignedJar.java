package dev.twinroot.image.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A library jar as the device gets it: without its signature ({@code META-INF/*.SF}, {@code .DSA}, {@code .RSA},
 * {@code .EC}, {@code SIG-*}) and with its manifest cut to the main section (the per-entry sections are the signed
 * digests). A JVM checks every class it reads from a signed jar against those digests, after parsing the whole
 * manifest (Bouncy Castle's: 867 KB), and keeps no class of a signed jar in a class-data archive: under emulation
 * that made each start that touched Bouncy Castle seconds slower, and the archive's making 2.5 times longer. The
 * device's jars are covered by the slot's own verification (the bundle's signature and the slot's SHA-256).
 *
 * <p>Every other entry is copied raw, its compressed bytes as they are: the same output on every build host.
 */
final class UnsignedJar {
    private static final String MANIFEST = "META-INF/MANIFEST.MF";

    private UnsignedJar() {
    }

    /** Whether {@code jar} has a signature file in {@code META-INF/}. */
    static boolean isSigned(Path jar) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(jar).get()) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                if (isSignatureFile(e.nextElement().getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies {@code from} to {@code to} without the signature, entries in the same order. */
    static void copy(Path from, Path to) throws IOException {
        try (ZipFile zip = ZipFile.builder().setPath(from).get();
             ZipArchiveOutputStream out = new ZipArchiveOutputStream(Files.newOutputStream(to))) {
            for (Enumeration<ZipArchiveEntry> e = zip.getEntries(); e.hasMoreElements(); ) {
                ZipArchiveEntry entry = e.nextElement();
                if (isSignatureFile(entry.getName())) {
                    continue;
                }
                if (entry.getName().equals(MANIFEST)) {
                    byte[] main;
                    try (InputStream in = zip.getInputStream(entry)) {
                        main = mainSection(in.readAllBytes());
                    }
                    ZipArchiveEntry manifest = new ZipArchiveEntry(MANIFEST);
                    manifest.setMethod(ZipEntry.STORED);
                    manifest.setTime(entry.getTime());
                    manifest.setSize(main.length);
                    CRC32 crc = new CRC32();
                    crc.update(main);
                    manifest.setCrc(crc.getValue());
                    out.putArchiveEntry(manifest);
                    out.write(main);
                    out.closeArchiveEntry();
                    continue;
                }
                try (InputStream raw = zip.getRawInputStream(entry)) {
                    out.addRawArchiveEntry(entry, raw);
                }
            }
        }
    }

    /** A signature file: {@code META-INF/NAME.SF|DSA|RSA|EC} or {@code META-INF/SIG-NAME}, not in a subdirectory. */
    static boolean isSignatureFile(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        String file = name.substring("META-INF/".length()).toUpperCase(Locale.ROOT);
        return file.endsWith(".SF") || file.endsWith(".DSA") || file.endsWith(".RSA") || file.endsWith(".EC")
                || file.startsWith("SIG-");
    }

    /**
     * The manifest's main section: its bytes up to the first empty line, as they are (a continuation line may
     * split a UTF-8 sequence, so no decoding), then the empty line that ends a section.
     */
    static byte[] mainSection(byte[] manifest) {
        int lineStart = 0;
        int i = 0;
        while (i < manifest.length) {
            byte b = manifest[i];
            if (b == '\r' || b == '\n') {
                if (i == lineStart) {
                    break;
                }
                i += b == '\r' && i + 1 < manifest.length && manifest[i + 1] == '\n' ? 2 : 1;
                lineStart = i;
            } else {
                i++;
            }
        }
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        main.write(manifest, 0, lineStart);
        if (lineStart < i) {
            // No empty line and a last line without a terminator: kept, terminated.
            main.write(manifest, lineStart, i - lineStart);
            main.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        main.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return main.toByteArray();
    }
}
