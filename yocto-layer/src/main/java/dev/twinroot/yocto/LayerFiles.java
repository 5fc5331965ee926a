package dev.twinroot.yocto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The files of a layer directory, read once: every BitBake metadata file parsed by {@link RecipeSyntax}, and
 * the text of any other file on demand. Paths are layer-relative with '/' separators. Files larger than the
 * syntax checker's cap, or not UTF-8, become findings instead of text.
 */
final class LayerFiles {
    private final Path root;
    private final Map<String, RecipeSyntax.Parsed> metadata = new TreeMap<>();
    private final List<String> all = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private LayerFiles(Path root) {
        this.root = root;
    }

    static LayerFiles read(Path root) throws IOException {
        LayerFiles layer = new LayerFiles(root);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path p : files) {
            String rel = root.relativize(p).toString().replace('\\', '/');
            layer.all.add(rel);
            Optional<RecipeSyntax.Kind> kind = RecipeSyntax.kindOf(p.getFileName().toString());
            if (kind.isPresent()) {
                Optional<String> text = layer.text(rel);
                text.ifPresent(t -> {
                    RecipeSyntax.Parsed parsed = RecipeSyntax.parse(rel, t, kind.get());
                    layer.metadata.put(rel, parsed);
                    layer.findings.addAll(parsed.findings());
                });
            }
        }
        return layer;
    }

    Path root() {
        return root;
    }

    /** Every metadata file, by layer-relative path. */
    Map<String, RecipeSyntax.Parsed> metadata() {
        return metadata;
    }

    /** Every regular file, layer-relative, sorted. */
    List<String> all() {
        return all;
    }

    /** Syntax findings and unreadable files met while reading. */
    List<Finding> findings() {
        return findings;
    }

    boolean exists(String rel) {
        return Files.isRegularFile(root.resolve(rel), LinkOption.NOFOLLOW_LINKS);
    }

    /** A directory holding at least one regular file (at any depth). */
    boolean isDirectory(String rel) {
        String prefix = rel.replaceAll("/+$", "") + "/";
        return all.stream().anyMatch(f -> f.startsWith(prefix));
    }

    /** The file's text, or empty (with a finding) when it is missing, too large or not UTF-8. */
    Optional<String> text(String rel) throws IOException {
        Path p = root.resolve(rel);
        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            findings.add(new Finding(rel, 0, "missing-file", "expected a regular file"));
            return Optional.empty();
        }
        long size = Files.size(p);
        if (size > 4L * RecipeSyntax.MAX_CHARS) {
            findings.add(new Finding(rel, 0, "file-too-large", "expected at most " + 4L * RecipeSyntax.MAX_CHARS
                    + " bytes, found " + size));
            return Optional.empty();
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(p))).toString());
        } catch (CharacterCodingException e) {
            findings.add(new Finding(rel, 0, "not-utf8", "expected UTF-8 text"));
            return Optional.empty();
        }
    }
}
