package dev.twinroot.qemu.product;

import dev.twinroot.image.DebianPackageSet;
import dev.twinroot.image.DebianPackageSource;
import dev.twinroot.image.PackageCache;
import dev.twinroot.qemu.QemuException;
import dev.twinroot.supervisor.apps.Digest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * An application image for the device: Debian's arm64 {@code busybox-static} (fetched through the image
 * builder's own package cache) in one layer, with the applet links an application script needs, as an OCI
 * image layout archive that {@code twinrootctl apps load} takes. Built in memory and reproducible: the same
 * busybox gives the same bytes, so the same digest.
 *
 * @param archive the OCI image layout as a tar
 * @param digest the image manifest's digest, which a target state names
 */
record AppImage(byte[] archive, Digest digest) {

    /** Applets the scenario's application and its health command use. */
    static final List<String> APPLETS = List.of("sh", "sleep", "echo", "cat", "date", "test", "sync", "kill", "wc");
    /** Every file in the image gets this time: 2026-01-01, the release images' epoch. */
    private static final long EPOCH_MILLIS = 1_767_225_600_000L;

    /** The image, with {@code cmd} as its default command. */
    static AppImage busybox(PackageCache cache, List<String> cmd) throws IOException {
        DebianPackageSet base = DebianPackageSet.bookwormArm64();
        DebianPackageSource source = new DebianPackageSource(new DebianPackageSet(base.suite(), base.architecture(),
                base.sources(), List.of("busybox-static")), cache);
        byte[] busybox = busyboxOf(source.fetch().tarball());
        ByteArrayOutputStream layer = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(layer)) {
            for (String d : List.of("bin/", "data/", "dev/", "etc/", "proc/", "sys/", "tmp/")) {
                TarArchiveEntry e = new TarArchiveEntry(d);
                e.setMode(d.equals("tmp/") ? 041777 : 040755);
                put(tar, e, new byte[0]);
            }
            TarArchiveEntry bin = new TarArchiveEntry("bin/busybox");
            bin.setMode(0100755);
            put(tar, bin, busybox);
            for (String applet : APPLETS) {
                TarArchiveEntry link = new TarArchiveEntry("bin/" + applet, TarArchiveEntry.LF_SYMLINK);
                link.setLinkName("busybox");
                put(tar, link, new byte[0]);
            }
        }
        byte[] tar = layer.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        // GZIPOutputStream writes no name and a zero time: the same layer gives the same blob.
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        byte[] blob = gz.toByteArray();
        byte[] config = ("{\"architecture\":\"arm64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":"
                + jsonArray(cmd) + "},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + Digest.of(tar) + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                + Digest.of(config) + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + Digest.of(blob) + "\",\"size\":"
                + blob.length + "}]}").getBytes(StandardCharsets.UTF_8);
        byte[] index = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{"
                + "\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"" + Digest.of(manifest)
                + "\",\"size\":" + manifest.length + ",\"platform\":{\"architecture\":\"arm64\",\"os\":\"linux\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(archive)) {
            put(out, new TarArchiveEntry("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
            put(out, new TarArchiveEntry("index.json"), index);
            for (byte[] b : List.of(blob, config, manifest)) {
                put(out, new TarArchiveEntry("blobs/sha256/" + Digest.of(b).hex()), b);
            }
        }
        return new AppImage(archive.toByteArray(), Digest.of(manifest));
    }

    private static byte[] busyboxOf(Path rootfsTar) throws IOException {
        try (InputStream in = Files.newInputStream(rootfsTar); TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (e.isFile() && (e.getName().equals("./bin/busybox") || e.getName().equals("bin/busybox"))) {
                    return tar.readAllBytes();
                }
            }
        }
        throw new QemuException("the busybox-static package tree " + rootfsTar + " has no bin/busybox");
    }

    private static void put(TarArchiveOutputStream tar, TarArchiveEntry e, byte[] content) throws IOException {
        e.setModTime(EPOCH_MILLIS);
        e.setUserId(0);
        e.setGroupId(0);
        if (!e.isDirectory() && !e.isSymbolicLink()) {
            e.setSize(content.length);
        }
        tar.putArchiveEntry(e);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    private static String jsonArray(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (String v : values) {
            out.append(out.length() == 1 ? "" : ",").append('"')
                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append(']').toString();
    }
}
