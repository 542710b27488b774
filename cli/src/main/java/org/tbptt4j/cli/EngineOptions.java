package org.tbptt4j.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.tbptt4j.experiment.TrialEngine;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --engine} and the settings of every engine on the class path, as options of the command that
 * runs trials: each {@link TrialEngine.Provider}'s setting {@code s} becomes the option {@code --s}, so
 * an engine module adds its options by being there, and nothing here names an engine.
 */
final class EngineOptions implements CommandLine.IModelTransformer {

    /** Adds {@code --engine} (its help lists the engines found) and one option per engine setting. */
    @Override
    public CommandSpec transform(CommandSpec spec) {
        List<TrialEngine.Provider> providers = TrialEngine.Provider.all();
        String engines = providers.stream().map(p -> p.name() + " (" + p.description() + ")").collect(Collectors.joining("; "));
        spec.addOption(OptionSpec.builder("--engine").paramLabel("E").type(String.class).defaultValue("local")
                .description("Where trials run: " + engines + ". Other engines come with their modules (bin/tbptt4j adds"
                        + " module E for --engine E). Default: ${DEFAULT-VALUE}.").build());
        for (TrialEngine.Provider p : providers) {
            for (TrialEngine.Setting s : p.settings()) {
                if (spec.findOption(option(s)) == null) {
                    spec.addOption(OptionSpec.builder(option(s)).paramLabel(s.valueName()).type(String.class)
                            .description(s.help() + " Only for --engine " + p.name() + ".").build());
                }
            }
        }
        return spec;
    }

    /**
     * The engine the command line asks for, configured by the options given; an option of another engine
     * is refused, and a setting's problem is reported as its option's.
     */
    static TrialEngine engine(CommandSpec spec) {
        String name = ((String) spec.findOption("--engine").getValue()).toLowerCase(Locale.ROOT);
        List<TrialEngine.Provider> providers = TrialEngine.Provider.all();
        TrialEngine.Provider chosen = providers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("--engine " + name + ": no such engine here; use one of "
                        + providers.stream().map(TrialEngine.Provider::name).collect(Collectors.joining(", "))
                        + " (bin/tbptt4j runs on the module of that name, when the project has one)"));
        CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> settings = new LinkedHashMap<>();
        for (TrialEngine.Provider p : providers) {
            for (TrialEngine.Setting s : p.settings()) {
                OptionSpec o = spec.findOption(option(s));
                if (o == null || !parsed.hasMatchedOption(o)) {
                    continue;
                }
                if (chosen.settings().stream().noneMatch(c -> c.name().equals(s.name()))) {
                    throw new IllegalArgumentException(option(s) + " is for --engine " + p.name() + "; add --engine " + p.name()
                            + ", or leave " + option(s) + " out");
                }
                settings.put(s.name(), o.getValue());
            }
        }
        try {
            return chosen.create(settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(asOption(e.getMessage(), chosen), e);
        }
    }

    private static String option(TrialEngine.Setting s) {
        return "--" + s.name();
    }

    /** A message that begins "name = value" for one of the engine's settings, as "--name value". */
    private static String asOption(String message, TrialEngine.Provider p) {
        for (TrialEngine.Setting s : p.settings()) {
            String prefix = s.name() + " = ";
            if (message != null && message.startsWith(prefix)) {
                return option(s) + " " + message.substring(prefix.length());
            }
        }
        return message;
    }
}
