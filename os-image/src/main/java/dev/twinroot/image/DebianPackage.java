package dev.twinroot.image;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One package apt resolved into a set: name, exact version and architecture. */
public record DebianPackage(String name, String version, String architecture) {

    // apt-get --simulate prints "Inst libc6 (2.36-9+deb12u14 Debian:12.15/oldstable [arm64])".
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) \\((\\S+) .*\\[(\\S+)\\]\\)", Pattern.MULTILINE);

    /** The packages an {@code apt-get --simulate install} run says it would install, in its order. */
    static List<DebianPackage> fromSimulation(String aptOutput) {
        List<DebianPackage> packages = new ArrayList<>();
        Matcher m = INST.matcher(aptOutput);
        while (m.find()) {
            packages.add(new DebianPackage(m.group(1), m.group(2), m.group(3)));
        }
        return packages;
    }

    @Override
    public String toString() {
        return name + "=" + version + " [" + architecture + "]";
    }
}
