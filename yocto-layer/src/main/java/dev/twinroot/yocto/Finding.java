package dev.twinroot.yocto;

/**
 * One problem the layer checker found.
 *
 * @param file the file, relative to the layer (or the repository for kas files)
 * @param line 1-based line number, 0 when the finding is about the whole file
 * @param rule a short stable name of the check, e.g. {@code old-override-syntax}
 * @param message what was expected and what was found, never the raw line
 */
public record Finding(String file, int line, String rule, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": [" + rule + "] " + message;
    }
}
