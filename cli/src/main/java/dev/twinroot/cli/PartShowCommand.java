package dev.twinroot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.partitioner.DiskLabel;
import dev.twinroot.partitioner.FileDisk;
import dev.twinroot.partitioner.PartitionType;
import dev.twinroot.partitioner.Partitioner;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot part show}: lists the table, as text or as JSON shaped like {@code sfdisk --json}. */
@Command(
        name = "show",
        mixinStandardHelpOptions = true,
        description = "Print the partition table of an image or block device.",
        footer = {"", "Example:", "  twinroot part show --json disk.img"})
final class PartShowCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SectorSizeOption sectors;

    @Option(names = "--json", description = "Print JSON (field names as in sfdisk --json).")
    boolean json;

    @Parameters(paramLabel = "IMAGE", description = "Disk image file or block device.")
    Path image;

    @Override
    public Integer call() throws Exception {
        DiskLabel label;
        try (FileDisk disk = sectors.openReadOnly(image)) {
            label = new Partitioner(new SecureRandom()).read(disk);
        }
        out().print(json ? json(label) : text(image, label));
        out().flush();
        return 0;
    }

    static String text(Path image, DiskLabel label) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %s, %s (%d sectors of %d bytes), id %s%n", image, label.table().label(),
                human(label.sectors() * label.sectorSize()), label.sectors(), label.sectorSize(), label.id()));
        sb.append(String.format(Locale.ROOT, "usable LBAs %d-%d%n", label.firstUsableLba(), label.lastUsableLba()));
        sb.append(String.format(Locale.ROOT, "%-3s %10s %10s %10s %9s  %-12s %-16s %s%n", "#", "start", "end", "sectors", "size", "type", "name",
                label.table() == dev.twinroot.partitioner.TableKind.GPT ? "uuid" : "boot"));
        for (DiskLabel.Partition p : label.partitions()) {
            String type = p.knownType().map(PartitionType::alias).orElse(p.type());
            String last = p.uuid().orElse(p.bootable() ? "*" : "");
            sb.append(String.format(Locale.ROOT, "%-3d %10d %10d %10d %9s  %-12s %-16s %s%s%n", p.number(), p.start(), p.end(), p.size(),
                    human(p.size() * label.sectorSize()), type, p.name(), last,
                    p.attributes().isEmpty() ? "" : " [" + String.join(",", p.attributes()) + "]"));
        }
        return sb.toString();
    }

    static String json(DiskLabel label) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        ObjectNode t = root.putObject("partitiontable");
        t.put("label", label.table().label());
        t.put("id", label.id());
        t.put("unit", "sectors");
        t.put("firstlba", label.firstUsableLba());
        t.put("lastlba", label.lastUsableLba());
        t.put("sectorsize", label.sectorSize());
        t.put("sectors", label.sectors());
        ArrayNode parts = t.putArray("partitions");
        for (DiskLabel.Partition p : label.partitions()) {
            ObjectNode o = parts.addObject();
            o.put("number", p.number());
            o.put("start", p.start());
            o.put("size", p.size());
            o.put("type", p.type());
            p.knownType().ifPresent(k -> o.put("typeAlias", k.alias()));
            p.uuid().ifPresent(u -> o.put("uuid", u));
            if (label.table() == dev.twinroot.partitioner.TableKind.GPT) {
                o.put("name", p.name());
                ArrayNode attrs = o.putArray("attributes");
                p.attributes().forEach(attrs::add);
            }
            if (p.bootable()) {
                o.put("bootable", true);
            }
        }
        return mapper.writeValueAsString(root) + System.lineSeparator();
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v)) + " " + units[u];
    }

    private java.io.PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
