package dev.twinroot.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.twinroot.updater.bundle.BundleHeader;
import dev.twinroot.updater.bundle.BundleLimits;
import dev.twinroot.updater.bundle.BundleWriter;
import dev.twinroot.updater.bundle.Manifest;
import dev.twinroot.updater.bundle.ManifestCodec;
import dev.twinroot.updater.bundle.Payload;
import dev.twinroot.updater.signing.SignatureDescriptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code twinroot bundle info}: what a bundle claims, without a keyring and without trusting it. */
@Command(
        name = "info",
        mixinStandardHelpOptions = true,
        description = {"Show a bundle's manifest and who claims to have signed it. Nothing is verified: use"
                + " 'twinroot bundle verify' for that."},
        footer = {"", "Example:", "  twinroot bundle info update.twb --json"})
final class BundleInfoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Bundle file.")
    Path file;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        BundleHeader header = new BundleWriter(BundleLimits.DEFAULT).readHeader(file);
        Manifest m = new ManifestCodec(BundleLimits.DEFAULT).parse(header.manifest());
        long expected = header.encodedLength() + m.payloadBytes();
        long actual = Files.size(file);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(toJson(header, m, actual, expected));
            return 0;
        }
        out.println("bundle:      " + file + " (" + actual + " bytes" + (actual == expected ? "" : ", expected "
                + expected + " from the manifest") + ")");
        out.println("compatible:  " + m.compatible());
        out.println("version:     " + m.version());
        m.minimumVersion().ifPresent(v -> out.println("min version: " + v));
        out.println("payloads:");
        for (int i = 0; i < m.payloads().size(); i++) {
            Payload p = m.payloads().get(i);
            out.printf("  %d %s %s %s: %d bytes stored (sha256 %s), image %d bytes (sha256 %s)%n", i, p.slotClass(),
                    p.kind().wireName(), p.compression().wireName(), p.size(), p.sha256(), p.imageSize(), p.imageSha256());
            p.deltaSource().ifPresent(s -> out.printf("    applies to an image of %d bytes (sha256 %s)%n", s.size(), s.sha256()));
        }
        out.println("signatures (claimed, not verified):");
        for (int i = 0; i < header.signatureCount(); i++) {
            for (String signer : SignatureDescriptions.describe(header.signature(i))) {
                out.println("  " + i + " " + signer);
            }
        }
        return 0;
    }

    private static String toJson(BundleHeader header, Manifest m, long actual, long expected) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("size", actual);
        root.put("expectedSize", expected);
        root.put("compatible", m.compatible());
        root.put("version", m.version().toString());
        m.minimumVersion().ifPresent(v -> root.put("minimumVersion", v.toString()));
        ArrayNode payloads = root.putArray("payloads");
        for (Payload p : m.payloads()) {
            ObjectNode n = payloads.addObject();
            n.put("slotClass", p.slotClass());
            n.put("kind", p.kind().wireName());
            n.put("compression", p.compression().wireName());
            n.put("size", p.size());
            n.put("sha256", p.sha256().hex());
            n.put("imageSize", p.imageSize());
            n.put("imageSha256", p.imageSha256().hex());
            p.deltaSource().ifPresent(s -> {
                n.put("sourceSize", s.size());
                n.put("sourceSha256", s.sha256().hex());
            });
        }
        ArrayNode sigs = root.putArray("signatures");
        for (int i = 0; i < header.signatureCount(); i++) {
            ObjectNode s = sigs.addObject();
            s.put("index", i);
            s.put("verified", false);
            ArrayNode signers = s.putArray("claimedSigners");
            List<String> described = SignatureDescriptions.describe(header.signature(i));
            described.forEach(signers::add);
        }
        return mapper.writeValueAsString(root);
    }
}
