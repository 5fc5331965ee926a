package dev.twinroot.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * Makes written data durable. The path variants open the file (or directory) read-only and sync through that
 * descriptor: Linux syncs the inode, whichever descriptor wrote. The channel variants sync a file already
 * open for writing.
 */
public interface FileSync {

    /** fsync(2): data and metadata. On a directory, makes its entries (a rename, a new file) durable. */
    void fsync(Path path) throws IOException;

    /** fdatasync(2): data, and only the metadata needed to read it back (the size, not the mtime). */
    void fdatasync(Path path) throws IOException;

    /** fsync(2) on an open file ({@link FileChannel#force}{@code (true)}, which is fsync on Linux). */
    void fsync(FileChannel file) throws IOException;

    /** fdatasync(2) on an open file ({@link FileChannel#force}{@code (false)}, which is fdatasync on Linux). */
    void fdatasync(FileChannel file) throws IOException;

    /** syncfs(2): everything dirty on the filesystem that holds {@code path}. */
    void syncfs(Path path) throws IOException;

    /** sync(2): every filesystem; cannot fail. */
    void syncAll();

    /**
     * posix_fadvise(2) with POSIX_FADV_DONTNEED over the whole file or block device: the kernel drops its
     * clean cached pages, so the next read comes from the medium (how a flasher reads back what it wrote
     * without O_DIRECT's alignment rules). Dirty pages are not dropped: sync first. Fails with ESPIPE on a
     * pipe or FIFO.
     */
    void dropCache(Path path) throws IOException;
}
