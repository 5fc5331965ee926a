package dev.twinroot.supervisor.apps.imagedelta;

import dev.twinroot.supervisor.apps.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;

/** Writes an image delta archive: preamble, index, index hash, then the entries' files in index order. */
final class ImageDeltaWriter {

    private ImageDeltaWriter() {
    }

    /** {@code entries} holds the file of each of {@code index.entries()}, in the same order. */
    static void write(OutputStream out, ImageDeltaIndex index, List<Path> entries) throws IOException {
        List<ImageDeltaIndex.Blob> blobs = index.entries();
        if (blobs.size() != entries.size()) {
            throw new IllegalArgumentException(blobs.size() + " entries in the index, " + entries.size() + " files");
        }
        byte[] json = ImageDeltaIndexCodec.encode(index);
        if (json.length > ImageDeltaConstants.MAX_INDEX_BYTES) {
            throw new IOException("image delta: the index is " + json.length + " bytes, at most "
                    + ImageDeltaConstants.MAX_INDEX_BYTES);
        }
        ByteBuffer preamble = ByteBuffer.allocate(ImageDeltaConstants.PREAMBLE_LENGTH);
        preamble.put(ImageDeltaConstants.MAGIC).putShort((short) ImageDeltaConstants.VERSION).putShort((short) 0)
                .putInt(json.length);
        MessageDigest sha = Digest.sha256();
        sha.update(preamble.array());
        sha.update(json);
        out.write(preamble.array());
        out.write(json);
        out.write(sha.digest());
        for (int i = 0; i < entries.size(); i++) {
            if (Files.size(entries.get(i)) != blobs.get(i).size()) {
                throw new IOException(entries.get(i) + ": changed since it was measured");
            }
            try (InputStream in = Files.newInputStream(entries.get(i))) {
                in.transferTo(out);
            }
        }
    }
}
