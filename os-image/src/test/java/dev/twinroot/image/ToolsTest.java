package dev.twinroot.image;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.platform.ExternalTool;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A missing tool's message tells the user which package to install: that package must really ship it. */
class ToolsTest {

    @Test
    void everyToolIsShippedByThePackageItNames() throws Exception {
        List<ExternalTool> tools = Tools.ALL;
        ExternalTool dpkgQuery = new ExternalTool("dpkg-query", "dpkg");
        for (ExternalTool tool : tools) {
            ExternalTool.Result owners = dpkgQuery.run(List.of("-S", "*bin/" + tool.name()), Duration.ofSeconds(30));
            assertTrue(owners.stdout().lines().anyMatch(l -> l.startsWith(tool.debianPackage() + ":")
                            && l.endsWith("bin/" + tool.name())),
                    tool + " is not shipped by " + tool.debianPackage() + ": " + owners.stdout() + owners.stderr());
        }
    }
}
