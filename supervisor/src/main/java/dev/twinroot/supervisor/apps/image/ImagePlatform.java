package dev.twinroot.supervisor.apps.image;

/** The OS and architecture an image must be built for, in OCI's words ({@code linux}, {@code arm64}). */
public record ImagePlatform(String os, String architecture) {

    /** The platform this JVM runs on. */
    public static ImagePlatform current() {
        String arch = System.getProperty("os.arch");
        String oci = switch (arch) {
            case "aarch64" -> "arm64";
            case "x86_64", "amd64" -> "amd64";
            case "arm" -> "arm";
            default -> arch;
        };
        return new ImagePlatform("linux", oci);
    }

    @Override
    public String toString() {
        return os + "/" + architecture;
    }
}
