package dev.twinroot.supervisor.apps;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/** Builds tar layers in memory for tests, honest and hostile alike. */
public final class TestLayers {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar;

    public TestLayers() {
        tar = new TarArchiveOutputStream(bytes);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    public TestLayers dir(String name, int mode) {
        TarArchiveEntry e = new TarArchiveEntry(name.endsWith("/") ? name : name + "/", true);
        e.setMode(040000 | mode);
        return put(e, new byte[0]);
    }

    public TestLayers file(String name, int mode, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setMode(0100000 | mode);
        e.setSize(content.length);
        return put(e, content);
    }

    public TestLayers file(String name, String content) {
        return file(name, 0644, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public TestLayers symlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK, true);
        e.setLinkName(target);
        e.setMode(0120777);
        return put(e, new byte[0]);
    }

    public TestLayers hardlink(String name, String target) {
        TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_LINK, true);
        e.setLinkName(target);
        return put(e, new byte[0]);
    }

    public TestLayers entry(String name, byte type) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        return put(e, new byte[0]);
    }

    /** A raw entry of any type with {@code content} as its data (e.g. a PAX header of any size). */
    public TestLayers raw(String name, byte type, byte[] content) {
        TarArchiveEntry e = new TarArchiveEntry(name, type, true);
        e.setSize(content.length);
        return put(e, content);
    }

    private TestLayers put(TarArchiveEntry e, byte[] content) {
        try {
            tar.putArchiveEntry(e);
            tar.write(content);
            tar.closeArchiveEntry();
            return this;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public byte[] tar() {
        try {
            tar.finish();
            return bytes.toByteArray();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static byte[] gzip(byte[] data) {
        return compress(data, true);
    }

    public static byte[] zstd(byte[] data) {
        return compress(data, false);
    }

    private static byte[] compress(byte[] data, boolean gzip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream c = gzip ? new GZIPOutputStream(out) : new ZstdOutputStream(out)) {
            c.write(data);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }
}
