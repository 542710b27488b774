package org.tbptt4j.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tbptt4j.conformance.FixtureResult;
import org.tbptt4j.conformance.FixtureRunner;
import org.tbptt4j.experiment.GridFiles;
import org.tbptt4j.model.Precision;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tbptt4j verify-fixtures DIR}: runs every conformance fixture and reports one line each. */
@Command(name = "verify-fixtures", mixinStandardHelpOptions = true,
        description = {"Runs every *.json conformance fixture in DIR through the engine and compares it with the reference.",
                "Prints 'PASS name max-rel-err' or 'FAIL name: what differed, where' per fixture, then 'N passed, N failed'.",
                "Exits 1 if any fixture failed. --json: the same as one JSON object."})
final class VerifyFixturesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "Folder of fixture files, e.g. ../shared/fixtures.")
    Path dir;

    @Option(names = "--precision", defaultValue = "f32",
            description = "Engine precision: f32 (tolerances 1e-5 values, 1e-4 gradients) or f64 (1e-9). Default: ${DEFAULT-VALUE}.")
    String precision;

    @Option(names = "--json", description = "Print one JSON object (every fixture's name, outcome, largest relative error and "
            + "failure; the counts) instead of the lines.")
    boolean json;

    @Mixin
    GlobalOptions global;

    @Override
    public Integer call() throws Exception {
        Precision p = Precision.parse(precision);
        List<Path> files = FixtureRunner.fixtureFiles(dir);
        if (files.isEmpty()) {
            throw new UserErrors.UserError(dir + " holds no *.json fixture files");
        }
        PrintWriter out = spec.commandLine().getOut();
        FixtureRunner runner = new FixtureRunner(p);
        com.fasterxml.jackson.databind.node.ObjectNode o = GridFiles.JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode each = o.put("precision", precision).putArray("fixtures");
        int passed = 0;
        int failed = 0;
        for (Path f : files) {
            FixtureResult r = runner.run(f);
            if (json) {
                com.fasterxml.jackson.databind.node.ObjectNode e = each.addObject().put("name", r.name()).put("passed", r.passed());
                if (r.passed()) {
                    e.put("max_rel_error", r.maxRelError());
                } else {
                    e.put("failure", r.failure());
                }
            } else {
                out.println(r.line());
                out.flush();
            }
            if (r.passed()) {
                passed++;
            } else {
                failed++;
            }
        }
        if (json) {
            o.put("passed", passed).put("failed", failed);
            out.println(GridFiles.JSON.writeValueAsString(o));
        } else {
            out.println(passed + " passed, " + failed + " failed");
        }
        out.flush();
        return failed == 0 ? 0 : 1;
    }
}
