package dev.twinroot.supervisor.apps.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.twinroot.supervisor.Json;
import dev.twinroot.supervisor.apps.image.ImageConfig;
import dev.twinroot.supervisor.apps.target.Service;
import dev.twinroot.supervisor.apps.target.TargetStateParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuntimeSpecTest {

    static final String DIGEST = "sha256:" + "a".repeat(64);
    final ImageConfig image = new ImageConfig(List.of("/entry"), List.of("default"), List.of("PATH=/bin", "MODE=image"),
            Optional.of("/srv"), "amd64", List.of());

    Service service(String body) throws Exception {
        return TargetStateParser.parse(("{\"formatVersion\":1,\"release\":\"r\",\"services\":{\"web\":{\"image\":\"x@"
                + DIGEST + "\"" + body + "}}}").getBytes(StandardCharsets.UTF_8)).service("web").orElseThrow();
    }

    @Test
    void usesTheImageDefaultsAndAddsTheServiceEnvironment() throws Exception {
        Map<String, Object> spec = RuntimeSpec.of(service(",\"environment\":{\"MODE\":\"service\",\"X\":\"1\"}"), image,
                Path.of("/data/apps/images/rootfs/abc"), Map.of(), new CgroupSupport(true, true));
        String json = new String(Json.bytes(spec), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"args\":[\"/entry\",\"default\"]"), json);
        assertTrue(json.contains("\"env\":[\"PATH=/bin\",\"MODE=service\",\"X=1\"]"), json);
        assertTrue(json.contains("\"cwd\":\"/srv\""), json);
        assertTrue(json.contains("\"root\":{\"path\":\"/data/apps/images/rootfs/abc\",\"readonly\":true}"), json);
        assertTrue(json.contains("\"noNewPrivileges\":true"), json);
        assertFalse(json.contains("\"network\""), "the host's network namespace: " + json);
        assertFalse(json.contains("\"memory\""), "no limit asked, none set");
    }

    @Test
    void bindsVolumesAndAppliesOnlyTheLimitsTheKernelCanEnforce() throws Exception {
        Service s = service(",\"command\":[\"/bin/sh\"],\"volumes\":[{\"name\":\"d\",\"path\":\"/data\"},"
                + "{\"name\":\"c\",\"path\":\"/etc/conf\",\"readOnly\":true}],\"limits\":{\"memoryBytes\":67108864,\"pids\":10}");
        Map<String, Path> volumes = Map.of("d", Path.of("/v/d"), "c", Path.of("/v/c"));
        String both = new String(Json.bytes(RuntimeSpec.of(s, image, Path.of("/r"), volumes, new CgroupSupport(true, true))),
                StandardCharsets.UTF_8);
        assertTrue(both.contains("\"args\":[\"/bin/sh\"]"), both);
        assertTrue(both.contains("{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/v/d\",\"options\":[\"rbind\",\"nosuid\",\"nodev\",\"rw\"]}"), both);
        assertTrue(both.contains("{\"destination\":\"/etc/conf\",\"type\":\"bind\",\"source\":\"/v/c\",\"options\":[\"rbind\",\"nosuid\",\"nodev\",\"ro\"]}"), both);
        assertTrue(both.contains("\"memory\":{\"limit\":67108864}"), both);
        assertTrue(both.contains("\"pids\":{\"limit\":10}"), both);
        String none = new String(Json.bytes(RuntimeSpec.of(s, image, Path.of("/r"), volumes, new CgroupSupport(false, false))),
                StandardCharsets.UTF_8);
        assertFalse(none.contains("\"memory\""), none);
        assertFalse(none.contains("\"pids\""), none);
    }

    @Test
    void readsTheCgroupLayout(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        assertEquals(new CgroupSupport(false, false), CgroupSupport.detect(dir));
        java.nio.file.Files.createDirectories(dir.resolve("memory"));
        assertEquals(new CgroupSupport(true, false), CgroupSupport.detect(dir));
        java.nio.file.Files.writeString(dir.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        assertEquals(new CgroupSupport(true, true), CgroupSupport.detect(dir));
    }
}
