package dev.twinroot.image;

import dev.twinroot.platform.ExternalTool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Something on the build host Twinroot uses and does not ship: a program it runs or a data file it reads
 * (QEMU firmware), with the Debian package that provides it and what it is for.
 *
 * @param name  a bare program name, or an absolute path for a file
 * @param need  whether {@code twinroot image build} cannot work without it
 */
public record HostTool(String name, String debianPackage, Kind kind, Need need, String purpose) {

    public enum Kind { PROGRAM, FILE }

    public enum Need {
        /** {@code twinroot image build} fails without it. */
        IMAGE_BUILD,
        /** Only some commands, backends or tests use it. */
        OPTIONAL
    }

    public HostTool {
        if (kind == Kind.FILE && !name.startsWith("/")) {
            throw new IllegalArgumentException("a host file must be an absolute path, found '" + name + "'");
        }
        if (kind == Kind.PROGRAM) {
            new ExternalTool(name, debianPackage); // same name rules as every call site
        }
    }

    static HostTool program(ExternalTool tool, Need need, String purpose) {
        return new HostTool(tool.name(), tool.debianPackage(), Kind.PROGRAM, need, purpose);
    }

    static HostTool file(String path, String debianPackage, Need need, String purpose) {
        return new HostTool(path, debianPackage, Kind.FILE, need, purpose);
    }

    /** The program to run, for a {@link Kind#PROGRAM}. */
    public Optional<ExternalTool> externalTool() {
        return kind == Kind.PROGRAM ? Optional.of(new ExternalTool(name, debianPackage)) : Optional.empty();
    }

    /** Where it is on this host: PATH and the sbin directories for a program, the path itself for a file. */
    public Optional<Path> find() {
        if (kind == Kind.PROGRAM) {
            return new ExternalTool(name, debianPackage).find();
        }
        Path p = Path.of(name);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
}
