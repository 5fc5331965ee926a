package dev.twinroot.image.build;

import dev.twinroot.image.ImageException;
import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.Partitioner;
import dev.twinroot.partitioner.layout.LayoutSpec;
import dev.twinroot.updater.contract.Partition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Random;

/**
 * Writes a disk image: the partition table from the layout, then each filesystem image copied to its
 * partition's byte offset. A filesystem image must fit its partition; ext4 and vfat images are exactly its size,
 * a squashfs or erofs slot is shorter, and the rest of the partition stays zeros (the bundles and the installer
 * hash the image's own length, never the partition).
 */
final class DiskAssembler {
    static final int SECTOR = 512;

    void assemble(LayoutSpec layout, Map<Partition, Path> contents, Path disk) throws IOException {
        Files.deleteIfExists(disk);
        // Every GUID comes from the layout's seed; the generator is only a fallback and is seeded too.
        DiskLabel label = new Partitioner(new Random(0)).createImage(disk, layout, SECTOR);
        try (FileChannel out = FileChannel.open(disk, StandardOpenOption.WRITE)) {
            for (Map.Entry<Partition, Path> e : contents.entrySet()) {
                DiskLabel.Partition p = label.partitions().stream()
                        .filter(x -> x.number() == e.getKey().number()).findFirst()
                        .orElseThrow(() -> new ImageException("layout has no partition " + e.getKey().number()));
                long offset = Math.multiplyExact(p.start(), SECTOR);
                long size = Math.multiplyExact(p.size(), SECTOR);
                long imageSize = Files.size(e.getValue());
                if (imageSize > size) {
                    throw new ImageException("partition " + p.number() + " (" + e.getKey().label() + "): image "
                            + e.getValue().getFileName() + " is " + imageSize + " bytes, the partition only " + size);
                }
                copySparse(e.getValue(), out, offset);
            }
            out.force(true);
        }
    }

    /** Copies an image, skipping blocks of zeros: the new disk file is sparse and reads them as zeros anyway. */
    private static void copySparse(Path image, FileChannel out, long offset) throws IOException {
        ByteBuffer block = ByteBuffer.allocate(1 << 16);
        try (FileChannel in = FileChannel.open(image, StandardOpenOption.READ)) {
            long position = 0;
            while (true) {
                block.clear();
                int n = in.read(block, position);
                if (n <= 0) {
                    return;
                }
                block.flip();
                if (!isZero(block)) {
                    long at = offset + position;
                    while (block.hasRemaining()) {
                        at += out.write(block, at);
                    }
                }
                position += n;
            }
        }
    }

    private static boolean isZero(ByteBuffer block) {
        for (int i = block.position(); i < block.limit(); i++) {
            if (block.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
