package dev.twinroot.image.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What the shipped class list keeps of a -XX:DumpLoadedClassList file: named classes of the commands only. */
class SupervisorClassListTest {

    @Test
    void onlyNamedClassesOutsideTheTrainingAreKept() {
        List<String> lines = List.of(
                "# NOTE: Do not modify this file.",
                "",
                "java/lang/Object",
                "picocli/CommandLine$Help",
                "dev/twinroot/supervisor/cli/TwinrootCtl",
                "@lambda-proxy dev/twinroot/supervisor/cli/TwinrootCtl get ()V",
                "@lambda-form-invoker [LF_RESOLVE] java.lang.invoke.DirectMethodHandle$Holder invokeStatic L7_L",
                "dev/twinroot/supervisor/cli/TwinrootCtl$$Lambda$14/0x0000000800c0b000",
                "jdk/proxy1/$Proxy0",
                "com/sun/proxy/$Proxy3",
                "sun/net/httpserver/ServerImpl",
                "com/sun/net/httpserver/HttpServer",
                "dev/twinroot/supervisor/classdata/ClassListTraining",
                "dev/twinroot/supervisor/classdata/ClassListTraining$1",
                "Foo id: 12 super: 0 source: /tmp/foo.jar");
        assertEquals(List.of("java/lang/Object", "picocli/CommandLine$Help", "dev/twinroot/supervisor/cli/TwinrootCtl"),
                lines.stream().filter(SupervisorClassList::keep).toList());
    }
}
