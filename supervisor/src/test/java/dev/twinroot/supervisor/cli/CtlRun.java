package dev.twinroot.supervisor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** One run of {@code twinrootctl} with its stdout and stderr captured, built as {@link TwinrootCtl#execute} builds it. */
record CtlRun(int exit, String out, String err) {

    static CtlRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = TwinrootCtl.newCommandLine(args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new CtlRun(exit, out.toString(), err.toString());
    }
}
