package dev.twinroot.image;

import java.nio.file.Path;

/** A loadable module found in a kernel's module tree: its info and where its file is, relative to the tree. */
record KernelModule(ModuleInfo info, Path file) {

    String name() {
        return info.name();
    }

    /** Where the initramfs stores it: always uncompressed, because busybox insmod takes plain ELF. */
    String initramfsPath(String kernelVersion) {
        String relative = file.toString();
        int ko = relative.lastIndexOf(".ko");
        return "lib/modules/" + kernelVersion + "/" + relative.substring(0, ko + 3);
    }
}
