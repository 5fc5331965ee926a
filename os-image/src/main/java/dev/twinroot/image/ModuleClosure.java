package dev.twinroot.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.apache.commons.compress.compressors.zstandard.ZstdCompressorInputStream;

/**
 * Computes which modules to load, in which order, for a set of drivers, from one kernel's module tree
 * ({@code lib/modules/VERSION}). Debian's kernel package ships no {@code modules.dep}, so the order comes
 * from each module's own {@code depends=} and {@code softdep=pre:} fields; drivers listed in
 * {@code modules.builtin} need nothing loaded.
 */
final class ModuleClosure {

    /** Far above any real module (the largest Debian 6.1 arm64 module is a few MiB); caps what we decompress. */
    static final int MAX_MODULE_BYTES = 64 << 20;

    private final Path moduleDir;
    private final Map<String, Path> filesByName;
    private final Set<String> builtin;
    private final Set<String> builtinAliases;

    private ModuleClosure(Path moduleDir, Map<String, Path> filesByName, Set<String> builtin, Set<String> builtinAliases) {
        this.moduleDir = moduleDir;
        this.filesByName = filesByName;
        this.builtin = builtin;
        this.builtinAliases = builtinAliases;
    }

    /** Indexes the module files of {@code moduleDir} by the name their file name gives them. */
    static ModuleClosure of(Path moduleDir) throws IOException {
        if (!Files.isDirectory(moduleDir)) {
            throw new ModuleNotFoundException("kernel module tree " + moduleDir + " does not exist");
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(moduleDir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                String file = p.getFileName().toString();
                int ko = file.lastIndexOf(".ko");
                boolean module = ko > 0 && (file.endsWith(".ko") || file.endsWith(".ko.xz") || file.endsWith(".ko.zst"));
                if (module && Files.isRegularFile(p)) {
                    files.putIfAbsent(ModuleInfo.normalize(file.substring(0, ko)), moduleDir.relativize(p));
                }
            }
        }
        Set<String> builtin = new HashSet<>();
        Path builtinList = moduleDir.resolve("modules.builtin");
        if (Files.isRegularFile(builtinList)) {
            for (String line : Files.readAllLines(builtinList, StandardCharsets.UTF_8)) {
                String file = line.substring(line.lastIndexOf('/') + 1);
                if (file.endsWith(".ko")) {
                    builtin.add(ModuleInfo.normalize(file.substring(0, file.length() - 3)));
                }
            }
        }
        Set<String> builtinAliases = new HashSet<>();
        Path builtinInfo = moduleDir.resolve("modules.builtin.modinfo");
        if (Files.isRegularFile(builtinInfo)) {
            // NUL-separated "module.key=value" entries, the same shape as a module's .modinfo.
            for (String entry : new String(Files.readAllBytes(builtinInfo), StandardCharsets.ISO_8859_1).split("\0")) {
                int at = entry.indexOf(".alias=");
                if (at > 0) {
                    builtinAliases.add(entry.substring(at + ".alias=".length()));
                }
            }
        }
        return new ModuleClosure(moduleDir, Map.copyOf(files), Set.copyOf(builtin), Set.copyOf(builtinAliases));
    }

    /** The load plan for {@code request}: every dependency before the module that needs it, each once. */
    LoadPlan resolve(ModuleRequest request) throws IOException {
        Resolver resolver = new Resolver();
        for (String name : request.required()) {
            if (!resolver.add(name)) {
                throw new ModuleNotFoundException("kernel module " + name + " is required but is neither in "
                        + moduleDir + " nor listed in modules.builtin");
            }
        }
        for (String name : request.optional()) {
            if (!resolver.add(name)) {
                resolver.absent.add(name);
            }
        }
        return new LoadPlan(List.copyOf(resolver.order.values()), List.copyOf(resolver.builtinHit),
                List.copyOf(resolver.absent));
    }

    /** Reads one module's info, decompressing .ko.xz / .ko.zst first. */
    KernelModule module(String name) throws IOException {
        Path relative = Optional.ofNullable(filesByName.get(name))
                .orElseThrow(() -> new ModuleNotFoundException("kernel module " + name + " is not in " + moduleDir));
        return new KernelModule(ModuleInfoReader.read(contents(moduleDir.resolve(relative)), name), relative);
    }

    /** A module file's ELF bytes, decompressed, at most {@link #MAX_MODULE_BYTES}. */
    static byte[] contents(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (Files.size(file) > MAX_MODULE_BYTES) {
            throw new ModuleFormatException("kernel module " + file + ": " + Files.size(file)
                    + " bytes, expected at most " + MAX_MODULE_BYTES);
        }
        if (name.endsWith(".ko")) {
            return Files.readAllBytes(file);
        }
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = name.endsWith(".xz") ? new XZCompressorInputStream(raw) : new ZstdCompressorInputStream(raw)) {
            byte[] bytes = in.readNBytes(MAX_MODULE_BYTES + 1);
            if (bytes.length > MAX_MODULE_BYTES) {
                throw new ModuleFormatException("kernel module " + file + ": decompresses to more than "
                        + MAX_MODULE_BYTES + " bytes");
            }
            return bytes;
        }
    }

    /** One resolution: depth-first, a module is appended after everything it depends on. */
    private final class Resolver {
        final Map<String, KernelModule> order = new java.util.LinkedHashMap<>();
        final Set<String> builtinHit = new LinkedHashSet<>();
        final Set<String> absent = new LinkedHashSet<>();
        private final Set<String> inProgress = new HashSet<>();
        private Map<String, List<String>> aliasIndex;

        /** False when the name is neither a module file nor built in. */
        boolean add(String name) throws IOException {
            if (order.containsKey(name)) {
                return true;
            }
            if (builtin.contains(name)) {
                builtinHit.add(name);
                return true;
            }
            if (!filesByName.containsKey(name)) {
                return false;
            }
            if (!inProgress.add(name)) {
                throw new ModuleFormatException("kernel module " + name + ": its depends= fields form a cycle");
            }
            KernelModule module = module(name);
            for (String soft : module.info().softPre()) {
                addSoft(soft);
            }
            for (String dep : module.info().depends()) {
                if (!add(dep)) {
                    throw new ModuleNotFoundException("kernel module " + name + " depends on " + dep
                            + ", which is not in " + moduleDir);
                }
            }
            inProgress.remove(name);
            order.put(name, module);
            return true;
        }

        /** A soft dependency names a module or an alias (crypto-crc32c); missing ones are noted, not fatal. */
        private void addSoft(String nameOrAlias) throws IOException {
            String name = ModuleInfo.normalize(nameOrAlias);
            if (add(name) || builtinAliases.contains(nameOrAlias)) {
                return;
            }
            List<String> providers = aliases().getOrDefault(nameOrAlias, List.of());
            for (String provider : providers) {
                add(provider);
            }
            if (providers.isEmpty()) {
                absent.add(nameOrAlias);
            }
        }

        /** Alias to module names, read from every module only when a soft dependency needs it. */
        private Map<String, List<String>> aliases() throws IOException {
            if (aliasIndex == null) {
                Map<String, List<String>> index = new TreeMap<>();
                for (String name : filesByName.keySet()) {
                    for (String alias : module(name).info().aliases()) {
                        index.computeIfAbsent(alias, a -> new ArrayList<>()).add(name);
                    }
                }
                aliasIndex = index;
            }
            return aliasIndex;
        }
    }
}
