package dev.twinroot.image;

import java.util.List;

/**
 * What a kernel module says about itself in its {@code .modinfo} section: its name, the modules it needs
 * loaded first ({@code depends=}), the modules it would like loaded first ({@code softdep=pre:}) and the
 * aliases it answers to. Names are normalized the way the kernel does: {@code -} becomes {@code _}.
 */
record ModuleInfo(String name, List<String> depends, List<String> softPre, List<String> aliases) {

    ModuleInfo {
        depends = List.copyOf(depends);
        softPre = List.copyOf(softPre);
        aliases = List.copyOf(aliases);
    }

    static String normalize(String moduleName) {
        return moduleName.replace('-', '_');
    }
}
