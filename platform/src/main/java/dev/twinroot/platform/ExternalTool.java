package dev.twinroot.platform;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A program Twinroot calls instead of re-implementing it (mke2fs, mkimage, sgdisk, qemu-system-aarch64...).
 * Every such call goes through here, so a missing tool is always reported the same way: its name and the
 * Debian package that provides it.
 *
 * <pre>{@code
 * ExternalTool MKIMAGE = new ExternalTool("mkimage", "u-boot-tools");
 * MKIMAGE.run(List.of("-A", "arm64", "-T", "script", "-d", src, dst), Duration.ofSeconds(30)).requireSuccess();
 * }</pre>
 */
public record ExternalTool(String name, String debianPackage) {

    private static final List<String> SBIN = List.of("/usr/local/sbin", "/usr/sbin", "/sbin");

    public ExternalTool {
        if (name.isBlank() || name.contains("/")) {
            throw new IllegalArgumentException("tool name must be a bare program name, found '" + name + "'");
        }
    }

    /** Where the tool is: PATH first, then the sbin directories a non-root PATH often lacks. */
    public Optional<Path> find() {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(":")));
        }
        dirs.addAll(SBIN);
        for (String dir : dirs) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    public boolean isPresent() {
        return find().isPresent();
    }

    /** The tool's path, or an exception telling the user which package to install. */
    public Path require() throws ToolMissingException {
        return find().orElseThrow(() -> new ToolMissingException(this));
    }

    /** Runs the tool with no standard input and waits, at most {@code timeout}, for it to exit. */
    public Result run(List<String> args, Duration timeout) throws IOException {
        return run(args, Map.of(), null, timeout);
    }

    /**
     * Runs the tool with extra environment variables and an optional working directory. Standard output and
     * error are captured whole, so this is for tools that print little; a tool that outlives its timeout is
     * killed and reported.
     */
    public Result run(List<String> args, Map<String, String> env, Path workDir, Duration timeout) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        pb.environment().putAll(env);
        if (workDir != null) {
            pb.directory(workDir.toFile());
        }
        Process process = pb.start();
        CompletableFuture<byte[]> out = drain(process.getInputStream());
        CompletableFuture<byte[]> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(name + " did not finish within " + timeout.toMillis() / 1000.0 + " s: killed");
            }
            return new Result(this, command, process.exitValue(),
                    new String(out.join(), StandardCharsets.UTF_8), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + name, e);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                in.transferTo(buf);
                return buf.toByteArray();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** What a finished run printed and returned. */
    public record Result(ExternalTool tool, List<String> command, int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** This result, or an exception quoting the last line the tool printed on stderr. */
        public Result requireSuccess() throws ToolFailedException {
            if (exitCode != 0) {
                throw new ToolFailedException(this);
            }
            return this;
        }

        String lastErrorLine() {
            String text = stderr.isBlank() ? stdout : stderr;
            String[] lines = text.strip().split("\n");
            return lines.length == 0 ? "" : lines[lines.length - 1].strip();
        }
    }

    /** The tool is not installed. */
    public static final class ToolMissingException extends IOException {
        private static final long serialVersionUID = 1L;

        ToolMissingException(ExternalTool tool) {
            super(tool.name() + " is not installed: apt-get install " + tool.debianPackage());
        }
    }

    /** The tool ran and exited non-zero. */
    public static final class ToolFailedException extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient Result result;

        ToolFailedException(Result result) {
            super(result.tool().name() + " exited with " + result.exitCode()
                    + (result.lastErrorLine().isEmpty() ? "" : ": " + result.lastErrorLine()));
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }
}
