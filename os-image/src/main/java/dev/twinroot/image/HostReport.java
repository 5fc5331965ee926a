package dev.twinroot.image;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What {@code twinroot doctor} found: each host tool and where it is, if anywhere. */
public record HostReport(List<Entry> entries) {

    public record Entry(HostTool tool, Optional<Path> location) {
        public boolean present() {
            return location.isPresent();
        }
    }

    public HostReport {
        entries = List.copyOf(entries);
    }

    /** Looks for every tool in {@code tools} on this host. */
    public static HostReport check(List<HostTool> tools) {
        return new HostReport(tools.stream().map(t -> new Entry(t, t.find())).toList());
    }

    public List<Entry> missing() {
        return entries.stream().filter(e -> !e.present()).toList();
    }

    /** True if {@code twinroot image build} can run: nothing it needs is missing. */
    public boolean imageBuildReady() {
        return missing().stream().noneMatch(e -> e.tool().need() == HostTool.Need.IMAGE_BUILD);
    }

    /** {@code apt-get install P1 P2...} for what is missing, each package once; empty when nothing is. */
    public Optional<String> installCommand() {
        Set<String> packages = new LinkedHashSet<>();
        missing().forEach(e -> packages.add(e.tool().debianPackage()));
        return packages.isEmpty() ? Optional.empty() : Optional.of("apt-get install " + String.join(" ", packages));
    }
}
