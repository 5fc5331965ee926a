/**
 * Writing an image to an SD card or USB stick, the way Etcher does it: stream the (possibly compressed) image,
 * refuse targets that would destroy the running system or a mounted filesystem, sync, read back from the
 * medium and compare SHA-256, then ask the kernel to re-read the partition table.
 *
 * <p>{@link dev.twinroot.image.flash.Flasher} is the entry point; every failure is a
 * {@link dev.twinroot.image.flash.FlashException}.
 */
package dev.twinroot.image.flash;
