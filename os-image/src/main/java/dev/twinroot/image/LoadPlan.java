package dev.twinroot.image;

import java.util.List;

/**
 * The outcome of a module closure: the modules to insmod, dependencies first; the requested drivers the
 * kernel has built in (nothing to load); the optional drivers and soft dependencies it has not at all.
 */
record LoadPlan(List<KernelModule> loadOrder, List<String> builtin, List<String> absent) {

    LoadPlan {
        loadOrder = List.copyOf(loadOrder);
        builtin = List.copyOf(builtin);
        absent = List.copyOf(absent);
    }

    List<String> names() {
        return loadOrder.stream().map(KernelModule::name).toList();
    }
}
